import type { CostSummary, TaskRecord } from '../spec/index.js';
import { quantile, sortedCopy } from './quantile.js';
import { isPassed } from './task-outcome.js';

/**
 * Cost per completed task: mean and p95 over the tasks whose cost is known.
 * A task with an unpriced step has costUsd null: it is counted in
 * unpricedTasks and left out of mean and p95 rather than counted as 0
 * (which would flatter the fabric) or guessed.
 */
export function summarizeCost(tasks: readonly TaskRecord[]): CostSummary {
  const known: number[] = [];
  for (const task of tasks) if (task.costUsd !== null) known.push(task.costUsd);
  const sorted = sortedCopy(known);
  let total = 0;
  for (const cost of sorted) total += cost;
  return {
    mean: sorted.length === 0 ? null : total / sorted.length,
    p95: quantile(sorted, 0.95),
    unpricedTasks: tasks.length - known.length,
  };
}

/**
 * What one correct answer costs: the total cost of every task (failures
 * included: their cost is carried by the successes) / passed tasks. Null
 * when nothing passed, or when any task's cost is unknown, since the total
 * would then be a guess.
 */
export function costPerPassedTask(tasks: readonly TaskRecord[]): number | null {
  let total = 0;
  let passed = 0;
  for (const task of tasks) {
    if (task.costUsd === null) return null;
    total += task.costUsd;
    if (isPassed(task)) passed++;
  }
  return passed === 0 ? null : total / passed;
}
