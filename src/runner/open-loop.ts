import type { LevelDriver } from './level-driver.js';
import { seededRandom } from './random.js';
import {
  type LoadShare,
  WHOLE,
  arrivalSeed,
  globalExecution,
  ownsArrival,
  shareAgents,
  shareExecutions,
  shareRate,
} from './shard-split.js';

/** Setup starts at least this long before an arrival, so isolated state is ready on time. */
const MIN_SETUP_LEAD_MS = 5;

/**
 * Tasks arrive on a schedule (Poisson or constant rate) whether or not
 * earlier ones have finished. Latency counts from the scheduled arrival, so
 * a slow system cannot hide its queue (no coordinated omission). A share
 * of a split run draws its own stream at its part of the rate: constant
 * arrivals interleave exactly, Poisson streams superpose to the level's rate.
 * Worker threads of one process do not draw streams of their own: each walks
 * its shard's one schedule from the same `startedAt` (clock reading) and runs
 * the arrivals it owns (ownsArrival), so the schedule is the same as unsplit.
 */
export async function runOpenLoop(
  driver: LevelDriver,
  runSeed: number,
  share: LoadShare = WHOLE,
  worker: LoadShare = WHOLE,
  startedAt: number = driver.clock.now(),
): Promise<void> {
  const level = driver.level;
  const fullRate = level.rate ?? 1;
  const rate = shareRate(fullRate, share);
  const random = seededRandom(arrivalSeed(runSeed, level.label, share));
  const whole = level.tasks === null ? Number.POSITIVE_INFINITY : level.tasks + level.warmupTasks;
  const total = whole === Number.POSITIVE_INFINITY ? whole : shareExecutions(whole, share, share.count);
  const start = startedAt;
  // A resumed level runs what is missing: the unrecorded arrivals, or the rest of its duration.
  const budget = level.durationS === null ? null : driver.timeBudget(level.durationS);
  const end = budget === null ? Number.POSITIVE_INFINITY : start + budget.remainingMs;
  // Resume is for whole runs (k is n there); a shard starts at its first arrival.
  const first = share.count === 1 ? (budget?.firstN ?? 0) : 0;
  // A shard (and a worker thread of it) caps its own in-flight tasks at its part of the level's cap.
  const slots =
    level.maxInFlight === null
      ? null
      : new Slots(Math.max(1, shareAgents(Math.max(1, shareAgents(level.maxInFlight, share)), worker)));
  // An interrupted run must not leave arrivals waiting for a slot forever.
  driver.signal.addEventListener('abort', () => slots?.releaseAll(), { once: true });
  const running: Promise<unknown>[] = [];
  const gap = (): number =>
    level.process === 'constant' ? 1000 / rate : (-Math.log(1 - random()) * 1000) / rate;
  // The unsplit stream starts at once; a share's constant stream takes its
  // phase in the interleaving, and its Poisson stream draws its first gap
  // (else every share would arrive together at the start).
  let due =
    share.count === 1
      ? start
      : level.process === 'constant'
        ? start + (share.index * 1000) / fullRate
        : start + gap();
  let tickets = 0;
  for (let k = first; k < total; k++) {
    const step = k > first ? gap() : 0;
    const n = globalExecution(k, share, share.count);
    // Recorded arrivals are skipped without their gap: the rest keep the seeded spacing.
    if (driver.isDone(n)) continue;
    due += step;
    if (due >= end) break;
    if (!ownsArrival(k, worker)) continue;
    const lead = Math.max(MIN_SETUP_LEAD_MS, 2 * driver.longestSetupMs);
    const wait = due - lead - driver.clock.now();
    // A timer never fires in under a millisecond: sleeping for each of
    // arrivals 0.5 ms apart would fall behind. Within a millisecond of its
    // lead the arrival is handed over now; the driver waits for its exact time.
    if (wait > 1) await driver.clock.sleep(wait, driver.signal).catch(() => undefined);
    if (driver.signal.aborted || driver.stopping) break;
    // Tickets count this share's arrivals: Slots serves them 0, 1, 2, … in order.
    const ticket = tickets;
    tickets += 1;
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
