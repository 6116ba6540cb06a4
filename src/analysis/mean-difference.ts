import { tCritical, tTwoSidedPValue } from './student-t.js';

/** An estimate of candidate − baseline from per-run values, with its interval. */
export interface MeanDifference {
  change: number;
  ci95: [number, number];
  pValue: number;
  degreesOfFreedom: number;
  method: 'paired t' | 'Welch t' | 'prediction t';
}

/**
 * The difference of means of per-run statistics with a Student-t interval,
 * so the spread between runs (which dominates on a shared machine) is what
 * the interval is made of. `paired` pairs baseline[i] with candidate[i]
 * (same seed and plan on both sides): the t-interval of the differences.
 * Otherwise Welch's unequal-variance interval; when one side has a single
 * run its variance is taken from the other side (a prediction interval for
 * one new run). Null when neither side has two runs, or no spread is seen.
 */
export function meanDifference(
  baseline: readonly number[],
  candidate: readonly number[],
  paired: boolean,
  confidence = 0.95,
): MeanDifference | null {
  if (paired && baseline.length === candidate.length && baseline.length >= 2) {
    const differences = candidate.map((value, index) => value - baseline[index]!);
    const { mean, variance } = moments(differences);
    const degreesOfFreedom = differences.length - 1;
    const error = Math.sqrt(variance / differences.length);
    return finish(mean, error, degreesOfFreedom, confidence, 'paired t');
  }
  const left = moments(baseline);
  const right = moments(candidate);
  const change = right.mean - left.mean;
  if (baseline.length >= 2 && candidate.length >= 2) {
    const a = left.variance / baseline.length;
    const b = right.variance / candidate.length;
    const error = Math.sqrt(a + b);
    const degreesOfFreedom =
      a + b === 0
        ? baseline.length + candidate.length - 2
        : (a + b) ** 2 / (a ** 2 / (baseline.length - 1) + b ** 2 / (candidate.length - 1));
    return finish(change, error, degreesOfFreedom, confidence, 'Welch t');
  }
  const spread = baseline.length >= 2 ? left : candidate.length >= 2 ? right : null;
  const runs = baseline.length >= 2 ? baseline.length : candidate.length;
  if (spread === null) return null;
  const error = Math.sqrt(spread.variance * (1 + 1 / runs));
  return finish(change, error, runs - 1, confidence, 'prediction t');
}

function finish(
  change: number,
  error: number,
  degreesOfFreedom: number,
  confidence: number,
  method: MeanDifference['method'],
): MeanDifference | null {
  if (!Number.isFinite(error) || error === 0) {
    // Identical per-run values: no spread to measure, so no interval can be claimed.
    return null;
  }
  const half = tCritical(confidence, degreesOfFreedom) * error;
  return {
    change,
    ci95: [change - half, change + half],
    pValue: tTwoSidedPValue(change / error, degreesOfFreedom),
    degreesOfFreedom,
    method,
  };
}

/** Mean and unbiased sample variance. */
export function moments(values: readonly number[]): { mean: number; variance: number } {
  const count = values.length;
  if (count === 0) return { mean: Number.NaN, variance: Number.NaN };
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / count;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, variance: count > 1 ? squares / (count - 1) : Number.NaN };
}
