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
  const end = level.durationS === null ? Number.POSITIVE_INFINITY : start + level.durationS * 1000;
  const slots = new Slots(level.maxInFlight ?? Number.POSITIVE_INFINITY);
  const running: Promise<void>[] = [];
  let due = start;
  for (let n = 0; n < total; n++) {
    if (n > 0) due += level.process === 'constant' ? 1000 / rate : (-Math.log(1 - random()) * 1000) / rate;
    if (due >= end) break;
    const lead = Math.max(MIN_SETUP_LEAD_MS, 2 * driver.longestSetupMs);
    const wait = due - lead - driver.clock.now();
    if (wait > 0) await driver.clock.sleep(wait, driver.signal).catch(() => undefined);
    if (driver.signal.aborted) break;
    const execution = driver.execute(n, due, () => slots.acquire()).finally(() => slots.release());
    running.push(execution);
  }
  await Promise.all(running);
}

/** A counting semaphore for maxInFlight: arrivals beyond it wait, and the wait counts as latency. */
class Slots {
  private free: number;
  private readonly waiters: Array<() => void> = [];
  private held = 0;
  constructor(limit: number) {
    this.free = limit;
  }
  acquire(): Promise<void> {
    this.held += 1;
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  release(): void {
    if (this.held === 0) return;
    this.held -= 1;
    const next = this.waiters.shift();
    if (next) next();
    else this.free += 1;
  }
}
