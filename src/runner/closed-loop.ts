import type { LevelDriver } from './level-driver.js';
import { StartPacer } from './start-pacer.js';
import {
  activeShares,
  firstShareExecution,
  globalExecution,
  type LoadShare,
  shareAgents,
  shareExecutions,
  WHOLE,
} from './shard-split.js';

/**
 * N agents, each starting its next task when its last one ends (the brief's
 * 1, 16, 64). Bounded by a count of executions or by a duration. A share of
 * a split run runs its agents over its own executions of the level's plan;
 * a worker thread's share splits its shard's share again, the same way.
 * `startedAt` (clock reading) is when the level began, for its duration.
 */
export async function runClosedLoop(
  driver: LevelDriver,
  share: LoadShare = WHOLE,
  worker: LoadShare = WHOLE,
  startedAt: number = driver.clock.now(),
): Promise<void> {
  const level = driver.level;
  const concurrency = level.concurrency ?? 1;
  const stride = activeShares(concurrency, share.count);
  const shardAgents = shareAgents(concurrency, share);
  const workerStride = activeShares(shardAgents, worker.count);
  const agents = shareAgents(shardAgents, worker);
  const whole = level.tasks === null ? Number.POSITIVE_INFINITY : level.tasks + level.warmupTasks;
  const shardTotal = whole === Number.POSITIVE_INFINITY ? whole : shareExecutions(whole, share, stride);
  const total =
    shardTotal === Number.POSITIVE_INFINITY ? shardTotal : shareExecutions(shardTotal, worker, workerStride);
  // A resumed level runs what is missing: the unrecorded executions, or the rest of its duration.
  const budget = level.durationS === null ? null : driver.timeBudget(level.durationS);
  const deadline = budget === null ? Number.POSITIVE_INFINITY : startedAt + budget.remainingMs;
  // Resume is for whole runs (k is n there); a shard starts at its first execution.
  let next = share.count === 1 ? firstShareExecution(budget?.firstN ?? 0, worker, workerStride) : 0;
  const pacer = new StartPacer(driver.clock);
  const agent = async (): Promise<void> => {
    while (!driver.stopping && next < total && driver.clock.now() < deadline) {
      const j = next;
      next += 1;
      const n = globalExecution(globalExecution(j, worker, workerStride), share, stride);
      if (driver.isDone(n)) continue;
      const turn = pacer.turn();
      if (turn) {
        await turn;
        // A paced start released after the level's end or its stop does not run.
        if (driver.stopping || driver.clock.now() >= deadline) break;
      }
      await driver.execute(n, null);
    }
  };
  await Promise.all(Array.from({ length: agents }, agent));
  driver.pacedStarts += pacer.queued;
}
