import type { LevelResult, MetricBlock, ThresholdOutcome } from '../spec/index.js';
import { type Threshold, formatThresholdValue as format } from './thresholds.js';

/**
 * Checks every threshold against every level it applies to (all levels
 * unless it names one): one outcome per (threshold, level). A metric that
 * could not be computed (nothing passed, costs unknown) fails, with the
 * reason; so does a threshold whose level or task did not run.
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  levels: readonly LevelResult[],
): ThresholdOutcome[] {
  const outcomes: ThresholdOutcome[] = [];
  for (const threshold of thresholds) {
    const matching = levels.filter(
      (level) => threshold.level === null || levelMatches(threshold.level, level),
    );
    if (matching.length === 0) {
      const ran = levels.map((level) => level.label).join(', ') || 'none';
      const what = threshold.level === null ? 'no level ran' : `no level ${threshold.level} in this run`;
      outcomes.push(failed(threshold, threshold.level, `${what} (levels: ${ran})`));
      continue;
    }
    for (const level of matching) outcomes.push(evaluateOne(threshold, level));
  }
  return outcomes;
}

/** True when a normalized selector ("c16", "r2.5") names this level. */
export function levelMatches(selector: string, level: LevelResult): boolean {
  if (level.label === selector) return true;
  const number = Number(selector.slice(1));
  if (selector.startsWith('c')) return level.mode === 'closed' && level.concurrency === number;
  return level.mode === 'open' && level.arrivalRatePerS === number;
}

function evaluateOne(threshold: Threshold, level: LevelResult): ThresholdOutcome {
  const subject =
    threshold.task === null
      ? `${nameOf(threshold)} at ${level.label}`
      : `${nameOf(threshold)} of task ${threshold.task} at ${level.label}`;
  const block = threshold.task === null ? level : level.byTask[threshold.task];
  if (block === undefined) {
    return failed(
      threshold,
      level.label,
      `${subject}: task ${threshold.task} has no measured executions at this level`,
    );
  }
  const actual = metricValue(threshold, block);
  if (actual === null)
    return failed(threshold, level.label, `${subject} is unknown: ${whyUnknown(threshold, block)}`);
  const passed = compare(actual, threshold.operator, threshold.value);
  const shown = `${format(threshold, actual)} ${passed ? '' : 'not '}${threshold.operator} ${format(threshold, threshold.value)}`;
  return {
    expression: threshold.expression,
    level: level.label,
    actual,
    passed,
    message: `${subject}: ${shown}`,
  };
}

function metricValue(threshold: Threshold, block: MetricBlock): number | null {
  const statistic = threshold.statistic ?? 'mean';
  switch (threshold.metric) {
    case 'e2e':
      return block.e2eMs[statistic];
    case 'passedE2e':
      return block.passedE2eMs[statistic];
    case 'costPerTask':
      return statistic === 'p95' ? block.costPerTaskUsd.p95 : block.costPerTaskUsd.mean;
    case 'costPerPassedTask':
      return block.costPerPassedTaskUsd;
    case 'passRate':
      return block.passRate;
    case 'stepsPerSecond':
      return block.stepsPerSecond;
    case 'tasksPerSecond':
      return block.tasksPerSecond;
    case 'goodput':
      return block.goodputTasksPerSecond;
  }
}

function whyUnknown(threshold: Threshold, block: MetricBlock): string {
  if (block.tasksCompleted === 0) return 'no measured task completed';
  switch (threshold.metric) {
    case 'passedE2e':
      return 'no task passed';
    case 'costPerTask':
      return `every task's cost is unknown (${block.costPerTaskUsd.unpricedTasks} had an unpriced step)`;
    case 'costPerPassedTask':
      return block.tasksPassed === 0
        ? 'no task passed'
        : `${block.costPerTaskUsd.unpricedTasks} task(s) had an unpriced step, so the total cost is unknown`;
    default:
      return 'it could not be computed from the records';
  }
}

function compare(actual: number, operator: Threshold['operator'], limit: number): boolean {
  switch (operator) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
  }
}

function failed(threshold: Threshold, level: string | null, message: string): ThresholdOutcome {
  return { expression: threshold.expression, level, actual: null, passed: false, message };
}

function nameOf(threshold: Threshold): string {
  return threshold.statistic === null ? threshold.metric : `${threshold.metric}.${threshold.statistic}`;
}
