/**
 * Per-call total timeouts with one timer for all of a client's calls. Every
 * call of a client gets the same allowance, so deadlines arrive in the order
 * calls start: a FIFO queue whose head always expires first, and one timer
 * armed for the head replaces a timer per call.
 */
export class DeadlineQueue {
  private readonly allowanceMs: number;
  private readonly now: () => number;
  private readonly entries: DeadlineEntry[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(allowanceMs: number, now: () => number = () => performance.now()) {
    this.allowanceMs = allowanceMs;
    this.now = now;
  }

  /** Starts a call's allowance; onExpire runs once if it is not settled in time. */
  add(onExpire: () => void): DeadlineEntry {
    const entry: DeadlineEntry = { deadline: this.now() + this.allowanceMs, onExpire, settled: false };
    this.entries.push(entry);
    if (this.timer === null) this.arm(entry.deadline);
    return entry;
  }

  /** The call ended (either way): its deadline no longer applies. */
  settle(entry: DeadlineEntry): void {
    entry.settled = true;
    // Drop settled entries at the head, so the queue holds only calls still running (and a few behind them).
    while (this.head < this.entries.length && this.entries[this.head]!.settled) this.head += 1;
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
      this.disarm();
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  private arm(deadline: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, deadline - this.now()));
    // A pending deadline must not keep the process alive on its own.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private expire(): void {
    this.timer = null;
    const now = this.now();
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head]!;
      if (!entry.settled) {
        if (entry.deadline > now) break;
        entry.settled = true;
        entry.onExpire();
      }
      this.head += 1;
    }
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else this.arm(this.entries[this.head]!.deadline);
  }
}

/** One call's place in a DeadlineQueue. */
export interface DeadlineEntry {
  readonly deadline: number;
  readonly onExpire: () => void;
  settled: boolean;
}
