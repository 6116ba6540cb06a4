import type { Clock } from '../spec/index.js';

/** Starts that may run back to back before the pacer makes the rest take turns. */
const BURST_MS = 4;
/**
 * Starts a burst may hold at most before the rest queue. Counted as well as
 * timed because most of a start's work runs after its first await, in
 * microtasks the clock here cannot see yet: ten thousand synchronous starts
 * take a few milliseconds and then their work arrives in one block.
 */
const BURST_STARTS = 64;
/** Starts released per turn of the event loop once they queue. */
const PER_TURN = 16;
/** A start this long after the last one begins a new burst. */
const QUIET_MS = 1;

/**
 * Spreads a burst of closed-loop task starts over turns of the event loop.
 *
 * Each start runs its task on the measuring thread up to its first wait.
 * Ten thousand agents starting at once (or, a tool's duration later,
 * finishing at once and starting their next tasks) held the loop for
 * 100-450 ms: every clock read of a running task waited behind them, and
 * the level carried a harness warning it had earned. Past `BURST_STARTS` or
 * `BURST_MS` of back-to-back starts, later starts queue in arrival order and are
 * released `PER_TURN` at a time, one event-loop turn apart, so timers and
 * sockets are served between them. A task's times begin when it starts, so
 * pacing changes no measured duration; it only refuses to start more work
 * than the thread can time. At the brief's levels (up to 64 agents) a
 * burst never passes either bound and nothing queues.
 */
export class StartPacer {
  private burstStart = Number.NEGATIVE_INFINITY;
  private lastStart = Number.NEGATIVE_INFINITY;
  private burstCount = 0;
  private readonly queue: Array<() => void> = [];
  private head = 0;
  private pumping = false;
  /** Starts that had to queue so far. */
  queued = 0;

  constructor(private readonly clock: Clock) {}

  /** Undefined when this start may run now; otherwise resolves when its turn comes. */
  turn(): Promise<void> | undefined {
    const now = this.clock.now();
    if (this.head === this.queue.length) {
      if (now - this.lastStart > QUIET_MS) {
        this.burstStart = now;
        this.burstCount = 0;
      }
      this.lastStart = now;
      if (this.burstCount < BURST_STARTS && now - this.burstStart <= BURST_MS) {
        this.burstCount++;
        return undefined;
      }
    }
    this.queued++;
    return new Promise<void>((resolve) => {
      this.queue.push(resolve);
      if (!this.pumping) {
        this.pumping = true;
        setImmediate(this.pump);
      }
    });
  }

  private readonly pump = (): void => {
    const end = Math.min(this.queue.length, this.head + PER_TURN);
    while (this.head < end) this.queue[this.head++]!();
    if (this.head < this.queue.length) {
      setImmediate(this.pump);
      return;
    }
    this.queue.length = 0;
    this.head = 0;
    this.pumping = false;
    // The queue drained: the next start opens a new burst.
    this.lastStart = Number.NEGATIVE_INFINITY;
  };
}
