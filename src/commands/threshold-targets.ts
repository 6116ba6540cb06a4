import type { ResolvedRun } from '../config/index.js';
import { UsageError } from '../errors.js';
import { parseLevelLabel, parseThreshold } from '../metrics/index.js';

/**
 * Refuses thresholds that name a task or a level the run will not have:
 * they would never be judged, and a CI gate that cannot fail is worse than
 * none. Checked before anything is measured.
 */
export function checkThresholdTargets(run: ResolvedRun): void {
  for (const expression of run.thresholds) {
    const threshold = parseThreshold(expression);
    if (threshold.task !== null && !run.taskNames.includes(threshold.task)) {
      throw new UsageError(
        `threshold "${expression}" names task "${threshold.task}", which this run does not have (its tasks: ${run.taskNames.join(', ')})`,
        'fix the task name, or drop the threshold (from --threshold or the suite file’s thresholds)',
      );
    }
    if (threshold.level !== null && !run.levels.some((level) => sameLevel(level.label, threshold.level!))) {
      throw new UsageError(
        `threshold "${expression}" names level ${threshold.level}, which this run does not have (its levels: ${run.levels.map((level) => level.label).join(', ')})`,
        'fix the @level, add the level (--levels), or drop the threshold',
      );
    }
  }
}

function sameLevel(a: string, b: string): boolean {
  const left = parseLevelLabel(a);
  const right = parseLevelLabel(b);
  if (left === null || right === null) return a === b;
  return left.mode === 'closed'
    ? right.mode === 'closed' && left.concurrency === right.concurrency
    : right.mode === 'open' && left.arrivalRatePerS === right.arrivalRatePerS;
}
