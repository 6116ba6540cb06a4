import type { LevelDriver } from './level-driver.js';

/**
 * N agents, each starting its next task when its last one ends (the brief's
 * 1, 16, 64). Bounded by a count of executions or by a duration.
 */
export async function runClosedLoop(driver: LevelDriver): Promise<void> {
  const level = driver.level;
  const concurrency = level.concurrency ?? 1;
  const total = level.tasks === null ? Number.POSITIVE_INFINITY : level.tasks + level.warmupTasks;
  // A resumed level runs what is missing: the unrecorded executions, or the rest of its duration.
  const budget = level.durationS === null ? null : driver.timeBudget(level.durationS);
  const deadline = budget === null ? Number.POSITIVE_INFINITY : driver.clock.now() + budget.remainingMs;
  let next = budget?.firstN ?? 0;
  const agent = async (): Promise<void> => {
    while (!driver.signal.aborted && next < total && driver.clock.now() < deadline) {
      const n = next;
      next += 1;
      if (driver.isDone(n)) continue;
      await driver.execute(n, null);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, agent));
}
