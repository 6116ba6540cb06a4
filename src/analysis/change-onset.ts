import { tTwoSidedPValue } from './student-t.js';

/**
 * Dating a change: E-divisive splits a series where the two sides differ
 * most, which for a drift (a ramp) is its middle, not where it began. The
 * onset is found by fitting, over the segment around the split, two shapes
 * with the same number of parameters, a step (one level, then another) and
 * a hinge (one level, then a straight ramp), at every candidate start, and
 * keeping the start and shape with the least squared error.
 */
export interface ChangeOnset {
  /** Index of the first value after the change began. */
  index: number;
  shape: 'step' | 'drift';
}

/**
 * The onset of the change E-divisive put at `split`, searched in
 * [start + minSegment, split + 1] over the values [start, end).
 */
export function changeOnset(
  values: readonly number[],
  start: number,
  split: number,
  end: number,
  minSegment: number,
): ChangeOnset {
  let best: { index: number; shape: ChangeOnset['shape']; error: number } = {
    index: split,
    shape: 'step',
    error: stepError(values, start, split, end),
  };
  const last = Math.min(split + 1, end - 1);
  for (let onset = Math.max(start + minSegment, start + 1); onset <= last; onset++) {
    const step = stepError(values, start, onset, end);
    // Prefer the step at equal error: it claims less.
    if (step < best.error - 1e-9) best = { index: onset, shape: 'step', error: step };
    const hinge = hingeError(values, start, onset, end);
    if (hinge < best.error - 1e-9) best = { index: onset, shape: 'drift', error: hinge };
  }
  return { index: best.index, shape: best.shape };
}

function stepError(values: readonly number[], start: number, onset: number, end: number): number {
  return squaredError(values, start, onset) + squaredError(values, onset, end);
}

function squaredError(values: readonly number[], start: number, end: number): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let index = start; index < end; index++) sum += values[index]!;
  const mean = sum / (end - start);
  let error = 0;
  for (let index = start; index < end; index++) error += (values[index]! - mean) ** 2;
  return error;
}

/**
 * Least squares of y = a + b·max(0, t − onset + 1) over [start, end): flat
 * before the onset, a straight ramp from it (the onset run is the first
 * one off the old level).
 */
function hingeError(values: readonly number[], start: number, onset: number, end: number): number {
  const count = end - start;
  let sumX = 0;
  let sumY = 0;
  let sumXX = 0;
  let sumXY = 0;
  for (let index = start; index < end; index++) {
    const x = Math.max(0, index - onset + 1);
    const y = values[index]!;
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumXY += x * y;
  }
  const denominator = count * sumXX - sumX * sumX;
  if (denominator === 0) return Number.POSITIVE_INFINITY;
  const slope = (count * sumXY - sumX * sumY) / denominator;
  const intercept = (sumY - slope * sumX) / count;
  let error = 0;
  for (let index = start; index < end; index++) {
    const x = Math.max(0, index - onset + 1);
    error += (values[index]! - intercept - slope * x) ** 2;
  }
  return error;
}

/**
 * Significance of a drift: the t-test of the ramp's slope in the hinge fit
 * over [start, end) with the ramp starting at `onset` (on logarithms when
 * every value is positive), Bonferroni-corrected over the onsets that were
 * searched. A step test would see a ramp as two noisy halves and miss it.
 */
export function driftPValue(
  values: readonly number[],
  start: number,
  onset: number,
  end: number,
  positions: number,
): number {
  const slice = values.slice(start, end);
  const ys = slice.every((value) => value > 0) ? slice.map((value) => Math.log(value)) : slice;
  const xs = ys.map((_, offset) => Math.max(0, start + offset - onset + 1));
  const count = ys.length;
  if (count < 3) return 1;
  const meanX = xs.reduce((sum, value) => sum + value, 0) / count;
  const meanY = ys.reduce((sum, value) => sum + value, 0) / count;
  let sxx = 0;
  let sxy = 0;
  for (let index = 0; index < count; index++) {
    sxx += (xs[index]! - meanX) ** 2;
    sxy += (xs[index]! - meanX) * (ys[index]! - meanY);
  }
  if (sxx === 0) return 1;
  const slope = sxy / sxx;
  let residual = 0;
  for (let index = 0; index < count; index++) {
    residual += (ys[index]! - meanY - slope * (xs[index]! - meanX)) ** 2;
  }
  const error = Math.sqrt(residual / (count - 2) / sxx);
  if (error === 0) return slope === 0 ? 1 : 0;
  return Math.min(1, tTwoSidedPValue(slope / error, count - 2) * Math.max(1, positions));
}
