import type { LevelDriver } from './level-driver.js';
import {
  type LoadShare,
  WHOLE,
  activeShares,
  globalExecution,
  shareAgents,
  shareExecutions,
} from './shard-split.js';

/**
 * N agents, each starting its next task when its last one ends (the brief's
 * 1, 16, 64). Bounded by a count of executions or by a duration. A share of
 * a split run runs its agents over its own executions of the level's plan.
 */
export async function runClosedLoop(driver: LevelDriver, share: LoadShare = WHOLE): Promise<void> {
  const level = driver.level;
  const concurrency = level.concurrency ?? 1;
  const stride = activeShares(concurrency, share.count);
  const agents = shareAgents(concurrency, share);
  const whole = level.tasks === null ? Number.POSITIVE_INFINITY : level.tasks + level.warmupTasks;
  const total = whole === Number.POSITIVE_INFINITY ? whole : shareExecutions(whole, share, stride);
  const deadline =
    level.durationS === null ? Number.POSITIVE_INFINITY : driver.clock.now() + level.durationS * 1000;
  let next = 0;
  const agent = async (): Promise<void> => {
    while (!driver.signal.aborted && next < total && driver.clock.now() < deadline) {
      const k = next;
      next += 1;
      await driver.execute(globalExecution(k, share, stride), null);
    }
  };
  await Promise.all(Array.from({ length: agents }, agent));
}
