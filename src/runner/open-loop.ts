import type { LevelDriver } from './level-driver.js';
import { deriveSeed, seededRandom } from './random.js';

/** Setup starts at least this long before an arrival, so isolated state is ready on time. */
const MIN_SETUP_LEAD_MS = 5;

/**
 * Tasks arrive on a schedule (Poisson or constant rate) whether or not
 * earlier ones have finished. Latency counts from the scheduled arrival, so
 * a slow system cannot hide its queue (no coordinated omission).
 */
export async function runOpenLoop(driver: LevelDriver, runSeed: number): Promise<void> {
  const level = driver.level;
  const rate = level.rate ?? 1;
  const random = seededRandom(deriveSeed(runSeed, level.label, 'arrivals'));
  const total = level.tasks === null ? Number.POSITIVE_INFINITY : level.tasks + level.warmupTasks;
  const start = driver.clock.now();
  // A resumed level runs what is missing: the unrecorded arrivals, or the rest of its duration.
  const budget = level.durationS === null ? null : driver.timeBudget(level.durationS);
  const end = budget === null ? Number.POSITIVE_INFINITY : start + budget.remainingMs;
  const first = budget?.firstN ?? 0;
  const slots = level.maxInFlight === null ? null : new Slots(level.maxInFlight);
  // An interrupted run must not leave arrivals waiting for a slot forever.
  driver.signal.addEventListener('abort', () => slots?.releaseAll(), { once: true });
  const running: Promise<unknown>[] = [];
  let due = start;
  for (let n = first; n < total; n++) {
    const gap =
      n > first ? (level.process === 'constant' ? 1000 / rate : (-Math.log(1 - random()) * 1000) / rate) : 0;
    // Recorded arrivals are skipped without their gap: the rest keep the seeded spacing.
    if (driver.isDone(n)) continue;
    due += gap;
    if (due >= end) break;
    const lead = Math.max(MIN_SETUP_LEAD_MS, 2 * driver.longestSetupMs);
    const wait = due - lead - driver.clock.now();
    // A timer never fires in under a millisecond: sleeping for each of
    // arrivals 0.5 ms apart would fall behind. Within a millisecond of its
    // lead the arrival is handed over now; the driver waits for its exact time.
    if (wait > 1) await driver.clock.sleep(wait, driver.signal).catch(() => undefined);
    if (driver.signal.aborted || driver.stopping) break;
    const ticket = n;
    running.push(
      slots === null
        ? driver.execute(n, due)
        : driver
            .execute(n, due, () => slots.acquire(ticket))
            .then((acquired) => {
              if (acquired) slots.release();
            }),
    );
  }
  await Promise.all(running);
}

/**
 * maxInFlight slots, granted in arrival order: arrivals beyond the limit
 * wait (and the wait counts as latency), first scheduled first served, even
 * when a busy machine wakes a later arrival before an earlier one.
 */
class Slots {
  private free: number;
  private nextTicket = 0;
  private readonly waiting = new Map<number, () => void>();
  constructor(limit: number) {
    this.free = limit;
  }
  acquire(ticket: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.set(ticket, resolve);
      this.grant();
    });
  }
  release(): void {
    this.free += 1;
    this.grant();
  }
  /** Lets every waiting arrival go (they see the aborted run and stop). */
  releaseAll(): void {
    for (const resolve of this.waiting.values()) resolve();
    this.waiting.clear();
    this.free = Number.POSITIVE_INFINITY;
  }
  private grant(): void {
    while (this.free > 0) {
      const next = this.waiting.get(this.nextTicket);
      if (next === undefined) return;
      this.waiting.delete(this.nextTicket);
      this.nextTicket += 1;
      this.free -= 1;
      next();
    }
  }
}
