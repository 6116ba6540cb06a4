import { UsageError } from '../errors.js';
import { formatLevelLabel, parseLevelLabel } from './level-label.js';

/**
 * Thresholds are data: a parsed `--threshold` expression (k6-like).
 *
 *     [task=NAME:]METRIC[.STAT] OP VALUE[UNIT][@LEVEL]
 *
 * - METRIC.STAT: `e2e.p50|p95|p99|mean|max`, `passedE2e.(same)`,
 *   `costPerTask.mean|p95`, and without a stat `costPerPassedTask`,
 *   `passRate`, `stepsPerSecond`, `tasksPerSecond`, `goodput`.
 * - OP: `<`, `<=`, `>`, `>=`.
 * - VALUE: latencies take `ms`, `s` or `m` (a bare number is ms); costs are
 *   USD with an optional leading `$`; passRate is a fraction (0.9) or a
 *   percentage (90%); rates take an optional `/s`.
 * - `@LEVEL` limits the threshold to one level: `@16` or `@c16` (closed
 *   loop, 16 agents), `@r2.5` (open loop, 2.5 tasks/s). Without it the
 *   threshold applies to every level.
 * - `task=NAME:` applies it to one task's numbers (results.json byTask)
 *   instead of the level's.
 *
 * Examples: `e2e.p95<20s`, `passRate>=0.9@c16`, `task=search:costPerTask.mean<$0.05`.
 */
export interface Threshold {
  /** The expression as the user wrote it. */
  expression: string;
  /** Task name for a per-task threshold; null for the level's numbers. */
  task: string | null;
  metric: ThresholdMetric;
  /** Statistic for metrics that have several (e2e.p95); null otherwise. */
  statistic: ThresholdStatistic | null;
  operator: '<' | '<=' | '>' | '>=';
  /** In the metric's base unit: ms, USD, fraction (0..1) or per second. */
  value: number;
  /** The unit the user wrote the value in, kept to show numbers back the same way ('' when none). */
  unit: string;
  /** Normalized level selector ("c16", "r2.5"); null for every level. */
  level: string | null;
}

export type ThresholdMetric =
  | 'e2e'
  | 'passedE2e'
  | 'costPerTask'
  | 'costPerPassedTask'
  | 'passRate'
  | 'stepsPerSecond'
  | 'tasksPerSecond'
  | 'goodput';

export type ThresholdStatistic = 'p50' | 'p95' | 'p99' | 'mean' | 'max';

/** What each metric measures, which statistics it has, and which units its value may carry. */
export const THRESHOLD_METRICS: Record<
  ThresholdMetric,
  { quantity: 'latency' | 'usd' | 'fraction' | 'rate'; statistics: readonly ThresholdStatistic[] }
> = {
  e2e: { quantity: 'latency', statistics: ['p50', 'p95', 'p99', 'mean', 'max'] },
  passedE2e: { quantity: 'latency', statistics: ['p50', 'p95', 'p99', 'mean', 'max'] },
  costPerTask: { quantity: 'usd', statistics: ['mean', 'p95'] },
  costPerPassedTask: { quantity: 'usd', statistics: [] },
  passRate: { quantity: 'fraction', statistics: [] },
  stepsPerSecond: { quantity: 'rate', statistics: [] },
  tasksPerSecond: { quantity: 'rate', statistics: [] },
  goodput: { quantity: 'rate', statistics: [] },
};

/** Milliseconds per latency unit. */
export const LATENCY_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, m: 60_000 };

const EXAMPLES = "e.g. 'e2e.p95<20s', 'passRate>=0.9@c16' or 'task=search:costPerTask.mean<0.05'";
const OPERATOR = /<=|>=|<|>/;
const NUMBER = /^(\$?)(\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?(.*)$/i;

/** Parses one `--threshold` expression; a UsageError says what is wrong and shows valid ones. */
export function parseThreshold(expression: string): Threshold {
  const fail = (problem: string): never => {
    throw new UsageError(`invalid threshold "${expression}": ${problem}; ${EXAMPLES}`);
  };
  let rest = expression.trim();
  if (rest === '') fail('it is empty');

  let level: string | null = null;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    level =
      parseLevelSelector(rest.slice(at + 1).trim()) ??
      fail(`"@${rest.slice(at + 1).trim()}" is not a level (use @16, @c16 or @r2.5)`);
    rest = rest.slice(0, at).trim();
  }

  let task: string | null = null;
  const taskPrefix = /^task\s*=\s*([^:\s]*)\s*:/.exec(rest);
  if (taskPrefix !== null) {
    task = taskPrefix[1]!;
    if (!/^[A-Za-z0-9_-]+$/.test(task)) fail(`"${task}" is not a task name (letters, digits, - and _)`);
    rest = rest.slice(taskPrefix[0].length).trim();
  }

  const operatorMatch = OPERATOR.exec(rest) ?? fail('it has no comparison (<, <=, > or >=)');
  const operator = operatorMatch[0] as Threshold['operator'];
  const left = rest.slice(0, operatorMatch.index).trim();
  const right = rest.slice(operatorMatch.index + operator.length).trim();

  const [metricName = '', statisticName, ...extra] = left.split('.');
  if (!Object.hasOwn(THRESHOLD_METRICS, metricName)) {
    fail(`unknown metric "${left || '(nothing)'}" (known: ${Object.keys(THRESHOLD_METRICS).join(', ')})`);
  }
  const metric = metricName as ThresholdMetric;
  const { quantity, statistics } = THRESHOLD_METRICS[metric];
  let statistic: ThresholdStatistic | null = null;
  if (statistics.length === 0) {
    if (statisticName !== undefined) fail(`${metric} takes no statistic (write just "${metric}")`);
  } else {
    if (
      statisticName === undefined ||
      extra.length > 0 ||
      !statistics.includes(statisticName as ThresholdStatistic)
    ) {
      fail(`${metric} needs one statistic of ${statistics.map((name) => `${metric}.${name}`).join(', ')}`);
    }
    statistic = statisticName as ThresholdStatistic;
  }

  const number = NUMBER.exec(right) ?? fail(`"${right || '(nothing)'}" is not a number`);
  const dollar = number[1]!;
  const numeric = Number.parseFloat(right.slice(dollar.length));
  const unit = number[3]!.trim();
  if (dollar !== '' && quantity !== 'usd') fail(`"$" only goes with costs, not ${metric}`);
  const value = valueInBaseUnit(quantity, numeric, unit) ?? fail(unitProblem(metric, quantity, unit));
  return { expression, task, metric, statistic, operator, value, unit, level };
}

function valueInBaseUnit(quantity: string, numeric: number, unit: string): number | null {
  switch (quantity) {
    case 'latency': {
      const factor = LATENCY_UNITS[unit];
      return factor === undefined ? null : numeric * factor;
    }
    case 'fraction':
      if (unit === '%') return numeric / 100;
      return unit === '' && numeric <= 1 ? numeric : null;
    case 'rate':
      return unit === '' || unit === '/s' ? numeric : null;
    default:
      return unit === '' ? numeric : null;
  }
}

function unitProblem(metric: string, quantity: string, unit: string): string {
  switch (quantity) {
    case 'latency':
      return `unknown unit "${unit}" for ${metric} (use ms, s or m; a bare number is ms)`;
    case 'fraction':
      return unit === ''
        ? `${metric} is a fraction from 0 to 1 (or a percentage like 90%)`
        : `${metric} takes no unit "${unit}" (write 0.9 or 90%)`;
    case 'rate':
      return `${metric} is per second and takes no unit "${unit}"`;
    default:
      return `${metric} is in USD and takes no unit "${unit}"`;
  }
}

/** "16" and "c16" → "c16", "r2.50" → "r2.5"; null when not a level. */
export function parseLevelSelector(text: string): string | null {
  const shape = parseLevelLabel(text);
  return shape === null ? null : formatLevelLabel(shape);
}

/** Shows a value in the unit the threshold was written in (4 significant digits). */
export function formatThresholdValue(threshold: Threshold, value: number): string {
  const short = (number: number) => String(Number(number.toPrecision(4)));
  switch (THRESHOLD_METRICS[threshold.metric].quantity) {
    case 'latency':
      return `${short(value / (LATENCY_UNITS[threshold.unit] ?? 1))}${threshold.unit || 'ms'}`;
    case 'usd':
      return `$${short(value)}`;
    case 'fraction':
      return threshold.unit === '%' ? `${short(value * 100)}%` : short(value);
    default:
      return `${short(value)}/s`;
  }
}

/** "p95 9.1s [8.6s, 9.7s]": an estimate and its interval in the threshold's unit. */
export function describeThresholdEstimate(
  threshold: Threshold,
  result: { estimate: number | null; interval: [number, number] | null },
): string {
  const name = threshold.statistic ?? threshold.metric;
  if (result.estimate === null) return `${name} unknown`;
  const interval =
    result.interval === null
      ? ''
      : ` [${formatThresholdValue(threshold, result.interval[0])}, ${formatThresholdValue(threshold, result.interval[1])}]`;
  return `${name} ${formatThresholdValue(threshold, result.estimate)}${interval}`;
}
