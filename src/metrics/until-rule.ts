import { UsageError } from '../errors.js';
import type { TaskRecord } from '../spec/index.js';
import { measuredTasks } from './measured-window.js';
import { quantileRankInterval } from './quantile-interval.js';
import { quantile, sortedCopy } from './quantile.js';
import { isPassed } from './task-outcome.js';

/**
 * A parsed `--until` rule: `ci(METRIC.pXX)<=W%` keeps a level running until
 * the 95% interval of that percentile is within ±W% of its value (relative
 * half-width: (hi − lo) / 2 / value). Percentiles of `e2e` and `passedE2e`
 * (p50, p95, p99) have distribution-free intervals, so those are the metrics
 * it accepts; `task=NAME:` narrows it to one task.
 */
export interface UntilRule {
  expression: string;
  task: string | null;
  metric: 'e2e' | 'passedE2e';
  statistic: 'p50' | 'p95' | 'p99';
  /** Largest relative half-width accepted, as a fraction (0.05 for 5%). */
  relativeHalfWidth: number;
}

const SHAPE =
  /^ci\(\s*(?:task\s*=\s*([A-Za-z0-9_-]+)\s*:\s*)?(e2e|passedE2e)\.(p50|p95|p99)\s*\)\s*<=?\s*(\d+(?:\.\d+)?)\s*%$/;

/** Parses one `--until` expression; a UsageError shows a valid one. */
export function parseUntilRule(expression: string): UntilRule {
  const match = SHAPE.exec(expression.trim());
  if (match === null) {
    throw new UsageError(
      `invalid --until "${expression}": expected ci(METRIC.pXX)<=N% with METRIC e2e or passedE2e and pXX p50, p95 or p99`,
      "write e.g. --until 'ci(e2e.p95)<=5%'",
    );
  }
  const percent = Number(match[4]);
  if (!(percent > 0 && percent < 100)) {
    throw new UsageError(
      `invalid --until "${expression}": the width must be between 0% and 100%`,
      "write e.g. --until 'ci(e2e.p95)<=5%'",
    );
  }
  return {
    expression,
    task: match[1] ?? null,
    metric: match[2] as UntilRule['metric'],
    statistic: match[3] as UntilRule['statistic'],
    relativeHalfWidth: percent / 100,
  };
}

/** The interval the rule watches, over the level's records so far. */
export interface UntilState {
  samples: number;
  estimate: number | null;
  interval: [number, number] | null;
  /** (hi − lo) / 2 / estimate; null while there is no interval. */
  relativeHalfWidth: number | null;
  satisfied: boolean;
}

const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** Computes the rule's interval from the records (warm-up excluded). */
export function untilState(rule: UntilRule, records: readonly TaskRecord[]): UntilState {
  const values: number[] = [];
  for (const record of measuredTasks(records)) {
    if (rule.task !== null && record.task !== rule.task) continue;
    if (rule.metric === 'passedE2e' && !isPassed(record)) continue;
    values.push(record.e2eMs);
  }
  const sorted = sortedCopy(values);
  const q = QUANTILES[rule.statistic];
  const estimate = quantile(sorted, q);
  const ranks = quantileRankInterval(sorted.length, q);
  const interval: [number, number] | null =
    ranks === null ? null : [sorted[ranks[0] - 1]!, sorted[ranks[1] - 1]!];
  const relative =
    interval === null || estimate === null || estimate <= 0
      ? null
      : (interval[1] - interval[0]) / 2 / estimate;
  return {
    samples: sorted.length,
    estimate,
    interval,
    relativeHalfWidth: relative,
    satisfied: relative !== null && relative <= rule.relativeHalfWidth,
  };
}
