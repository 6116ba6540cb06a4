import type { MetricBlock, TaskRecord } from '../spec/index.js';
import { binomialCdf, binomialUpperTail } from './binomial-tail.js';
import { measuredTasks } from './measured-window.js';
import { normalQuantile } from './normal-quantile.js';
import { quantileRankInterval } from './quantile-interval.js';
import { quantile, sortedCopy } from './quantile.js';
import { isPassed } from './task-outcome.js';
import type { Threshold } from './thresholds.js';

/** met / missed with the stated confidence, or not yet known. */
export type SloVerdict = 'met' | 'missed' | 'undecided';

/**
 * How a verdict was reached: `binomial` (the count of samples on the wrong
 * side of the bound against Binomial(n, 1 − q): distribution-free, as
 * MLPerf's early stopping), `normal` (a mean's normal-approximation bound),
 * `point` (rates over the window, which have no per-sample interval: decided
 * only when the probe ends, from its value).
 */
export type SloBasis = 'binomial' | 'normal' | 'point';

/** One SLO judged on the records of one load level. */
export interface SloEvaluation {
  expression: string;
  verdict: SloVerdict;
  /** Point estimate in the metric's base unit (ms, USD, fraction, per second); null when unknown. */
  estimate: number | null;
  /** 95% interval for display (order statistics for percentiles, Wilson for pass rate); null when too few samples. */
  interval: [number, number] | null;
  /** Samples the verdict rests on. */
  samples: number;
  basis: SloBasis;
  /** Why it is undecided or unknown, when it is. */
  note: string | null;
}

export interface SloJudgement {
  /** Error allowed to this look for this SLO (the caller spends it across looks and SLOs). */
  alpha: number;
  /** The level has ended: metrics without an interval are decided from their value. */
  final: boolean;
  /** The level's computed numbers, for the rates (needed only when final). */
  block?: MetricBlock & { byTask?: Record<string, MetricBlock> };
}

const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/**
 * Judges one threshold expression (the `--threshold` language) on a level's
 * task records: met only when the bound holds with confidence 1 − alpha,
 * missed only when it fails with that confidence, undecided otherwise.
 */
export function evaluateSlo(
  threshold: Threshold,
  records: readonly TaskRecord[],
  judgement: SloJudgement,
): SloEvaluation {
  const measured = measuredTasks(records).filter(
    (record) => threshold.task === null || record.task === threshold.task,
  );
  const statistic = threshold.statistic ?? 'mean';
  switch (threshold.metric) {
    case 'e2e':
    case 'passedE2e': {
      const subset = threshold.metric === 'e2e' ? measured : measured.filter(isPassed);
      const values = subset.map((record) => record.e2eMs);
      return judgeSamples(threshold, statistic, values, judgement);
    }
    case 'costPerTask': {
      const values: number[] = [];
      for (const record of measured) if (record.costUsd !== null) values.push(record.costUsd);
      return judgeSamples(threshold, statistic, values, judgement);
    }
    case 'passRate':
      return judgeProportion(threshold, measured, judgement);
    case 'costPerPassedTask':
      return judgeCostPerPassed(threshold, measured, judgement);
    default:
      return judgeByValue(threshold, measured.length, judgement);
  }
}

function judgeSamples(
  threshold: Threshold,
  statistic: string,
  values: number[],
  judgement: SloJudgement,
): SloEvaluation {
  const sorted = sortedCopy(values);
  const n = sorted.length;
  const base = { expression: threshold.expression, samples: n };
  if (n === 0)
    return {
      ...base,
      verdict: 'undecided',
      estimate: null,
      interval: null,
      basis: 'binomial',
      note: 'no samples yet',
    };
  if (statistic === 'mean') return judgeMean(threshold, sorted, judgement);
  if (statistic === 'max') {
    // One sample past an upper bound settles a max for certain; staying under it is only known at the end.
    const estimate = sorted[n - 1]!;
    const holds = holdsFor(threshold, estimate);
    const upper = threshold.operator === '<' || threshold.operator === '<=';
    const verdict: SloVerdict =
      upper && !holds ? 'missed' : judgement.final ? (holds ? 'met' : 'missed') : 'undecided';
    return {
      ...base,
      verdict,
      estimate,
      interval: null,
      basis: 'point',
      note: verdict === 'undecided' ? 'a max is known only when the probe ends' : null,
    };
  }
  const q = QUANTILES[statistic as keyof typeof QUANTILES];
  let wrongSide = 0;
  for (const value of sorted) if (!holdsFor(threshold, value)) wrongSide++;
  // For an upper bound the q-quantile is under it when fewer than (1 − q) of samples exceed it.
  const upper = threshold.operator === '<' || threshold.operator === '<=';
  const allowed = upper ? 1 - q : q;
  const ranks = quantileRankInterval(n, q);
  const interval: [number, number] | null =
    ranks === null ? null : [sorted[ranks[0] - 1]!, sorted[ranks[1] - 1]!];
  const verdict = proportionVerdict(wrongSide, n, allowed, judgement.alpha);
  return {
    ...base,
    verdict,
    estimate: quantile(sorted, q),
    interval,
    basis: 'binomial',
    note:
      verdict === 'undecided'
        ? `${wrongSide} of ${n} samples on the wrong side of the bound: not yet conclusive`
        : null,
  };
}

/**
 * Met when so few samples are on the wrong side that a true share of
 * `allowed` would rarely give so few; missed when so many that it would
 * rarely give so many. Exact binomial tails, no approximation.
 */
export function proportionVerdict(wrongSide: number, n: number, allowed: number, alpha: number): SloVerdict {
  if (n === 0) return 'undecided';
  if (binomialCdf(wrongSide, n, allowed) <= alpha) return 'met';
  if (binomialUpperTail(wrongSide, n, allowed) <= alpha) return 'missed';
  return 'undecided';
}

function judgeProportion(
  threshold: Threshold,
  measured: readonly TaskRecord[],
  judgement: SloJudgement,
): SloEvaluation {
  const n = measured.length;
  const passed = measured.filter(isPassed).length;
  const lowerBound = threshold.operator === '>' || threshold.operator === '>=';
  // passRate >= 0.9 allows at most 10% failures; passRate <= x allows at most x passes.
  const wrongSide = lowerBound ? n - passed : passed;
  const allowed = lowerBound ? 1 - threshold.value : threshold.value;
  const verdict = proportionVerdict(wrongSide, n, allowed, judgement.alpha);
  return {
    expression: threshold.expression,
    verdict,
    estimate: n === 0 ? null : passed / n,
    interval: n === 0 ? null : wilsonInterval(passed, n),
    samples: n,
    basis: 'binomial',
    note: verdict === 'undecided' ? `${passed} of ${n} passed: not yet conclusive` : null,
  };
}

function judgeMean(threshold: Threshold, sorted: Float64Array, judgement: SloJudgement): SloEvaluation {
  const n = sorted.length;
  let sum = 0;
  for (const value of sorted) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of sorted) squares += (value - mean) ** 2;
  const standardError = n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.POSITIVE_INFINITY;
  return normalBound(threshold, mean, standardError, n, judgement);
}

function judgeCostPerPassed(
  threshold: Threshold,
  measured: readonly TaskRecord[],
  judgement: SloJudgement,
): SloEvaluation {
  const n = measured.length;
  let total = 0;
  let passed = 0;
  for (const record of measured) {
    if (record.costUsd === null) {
      return unknown(threshold, n, 'a task had an unpriced step: the cost is unknown');
    }
    total += record.costUsd;
    if (isPassed(record)) passed++;
  }
  if (passed === 0) {
    return unknown(threshold, n, 'no task passed yet');
  }
  // Ratio of means (cost / passes): its delta-method standard error.
  const ratio = total / passed;
  const passShare = passed / n;
  let squares = 0;
  for (const record of measured) squares += ((record.costUsd ?? 0) - ratio * (isPassed(record) ? 1 : 0)) ** 2;
  const standardError = n > 1 ? Math.sqrt(squares / (n - 1) / n) / passShare : Number.POSITIVE_INFINITY;
  return normalBound(threshold, ratio, standardError, n, judgement);
}

function unknown(threshold: Threshold, samples: number, note: string): SloEvaluation {
  return {
    expression: threshold.expression,
    verdict: 'undecided',
    estimate: null,
    interval: null,
    samples,
    basis: 'normal',
    note,
  };
}

/** Means need some samples before the normal approximation is worth trusting. */
const MIN_NORMAL_SAMPLES = 10;

function normalBound(
  threshold: Threshold,
  estimate: number,
  standardError: number,
  n: number,
  judgement: SloJudgement,
): SloEvaluation {
  const z95 = normalQuantile(0.975);
  const interval: [number, number] | null = Number.isFinite(standardError)
    ? [estimate - z95 * standardError, estimate + z95 * standardError]
    : null;
  let verdict: SloVerdict = 'undecided';
  if (n >= MIN_NORMAL_SAMPLES && Number.isFinite(standardError)) {
    // One-sided: the bound's side of the estimate decides which tail is tested.
    const margin = normalQuantile(1 - judgement.alpha) * standardError;
    if (holdsFor(threshold, estimate + margin) && holdsFor(threshold, estimate - margin)) verdict = 'met';
    else if (!holdsFor(threshold, estimate + margin) && !holdsFor(threshold, estimate - margin))
      verdict = 'missed';
  }
  return {
    expression: threshold.expression,
    verdict,
    estimate,
    interval,
    samples: n,
    basis: 'normal',
    note: verdict === 'undecided' ? 'the mean is not yet far enough from the bound' : null,
  };
}

/** Rates over the window have no per-sample interval: judged once, from the level's value. */
function judgeByValue(threshold: Threshold, samples: number, judgement: SloJudgement): SloEvaluation {
  const base = { expression: threshold.expression, samples, interval: null, basis: 'point' as const };
  if (!judgement.final || judgement.block === undefined) {
    return { ...base, verdict: 'undecided', estimate: null, note: 'a rate is judged when the probe ends' };
  }
  const block =
    threshold.task === null ? judgement.block : (judgement.block.byTask?.[threshold.task] ?? null);
  const estimate =
    block === null
      ? null
      : threshold.metric === 'stepsPerSecond'
        ? block.stepsPerSecond
        : threshold.metric === 'tasksPerSecond'
          ? block.tasksPerSecond
          : block.goodputTasksPerSecond;
  return {
    ...base,
    verdict: estimate === null ? 'undecided' : holdsFor(threshold, estimate) ? 'met' : 'missed',
    estimate,
    note: estimate === null ? `task ${threshold.task} has no measured executions` : null,
  };
}

function holdsFor(threshold: Threshold, value: number): boolean {
  switch (threshold.operator) {
    case '<':
      return value < threshold.value;
    case '<=':
      return value <= threshold.value;
    case '>':
      return value > threshold.value;
    case '>=':
      return value >= threshold.value;
  }
}

/** Wilson score interval at 95% for a proportion (display only: verdicts use the exact tails). */
function wilsonInterval(successes: number, n: number): [number, number] {
  const z = normalQuantile(0.975);
  const share = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (share + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((share * (1 - share)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
