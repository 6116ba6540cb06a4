import { seededRandom, shuffleInPlace } from './random.js';
import { tTwoSidedPValue } from './student-t.js';

/**
 * Change-point detection by E-divisive means (Matteson & James, 2014), the
 * method MongoDB runs over its performance CI. Why this one for run
 * history: it is non-parametric (latency is skewed and heavy-tailed), finds
 * several changes in one series without a window size to tune, locates each
 * change at a single run rather than flagging a cluster of neighbours as a
 * sliding Mann-Whitney window does, and its permutation test gives a
 * p-value that needs no distributional assumption, which matters for the
 * short (tens of runs) series weekly re-runs produce.
 */
export interface ChangePoint {
  /** Index of the first value after the change. */
  index: number;
  /** Permutation p-value of the split. */
  pValue: number;
}

export interface ChangePointOptions {
  /** Significance for accepting a split. Default 0.05 (stricter levels cannot be reached with the 8 to 10 runs of a young weekly history). */
  alpha?: number;
  /** Permutations per tested split. Default 499 (smallest attainable p = 0.002). */
  permutations?: number;
  /** Fewest values on each side of a change. Default 2. */
  minSegment?: number;
  seed?: number;
  /**
   * How a split's significance is judged. `permutation` (default): the
   * share of shuffled series whose best split is at least as strong: free
   * of assumptions, but with n runs it cannot go below 1/C(n, n/2) (0.029
   * at 8 runs), too coarse to survive a false-discovery correction over
   * tens of series. `t-test`: Student's t between the two segments (on
   * logarithms when every value is positive, so a change reads as a
   * ratio), as Apache Otava judges its E-divisive candidates, multiplied
   * by the number of positions the split could have taken (Bonferroni),
   * since the split was chosen as the strongest.
   */
  significance?: 'permutation' | 't-test';
}

/** Detected change points of a series, ascending by index. */
export function eDivisive(values: readonly number[], options: ChangePointOptions = {}): ChangePoint[] {
  const alpha = options.alpha ?? 0.05;
  const permutations = options.permutations ?? 499;
  const minSegment = Math.max(1, options.minSegment ?? 2);
  const random = seededRandom(options.seed ?? 1);
  const found: ChangePoint[] = [];
  const pending: [number, number][] = [[0, values.length]];
  while (pending.length > 0) {
    const [start, end] = pending.pop()!;
    if (end - start < 2 * minSegment) continue;
    const segment = values.slice(start, end);
    const best = bestSplit(segment, minSegment);
    if (best === null || best.statistic <= 0) continue;
    const pValue =
      options.significance === 't-test'
        ? splitTTestPValue(segment, best.index, minSegment)
        : permutationPValue(segment, best.statistic, minSegment, permutations, random);
    if (pValue >= alpha) continue;
    found.push({ index: start + best.index, pValue });
    pending.push([start, start + best.index], [start + best.index, end]);
  }
  return found.sort((left, right) => left.index - right.index);
}

/**
 * Share of shuffled copies of the segment whose best split scores at least
 * `statistic`, with the +1 correction (an estimate never exactly 0).
 */
export function permutationPValue(
  segment: readonly number[],
  statistic: number,
  minSegment: number,
  permutations: number,
  random: () => number,
): number {
  let atLeast = 0;
  const shuffled = segment.slice();
  for (let round = 0; round < permutations; round++) {
    shuffleInPlace(shuffled, random);
    const permuted = bestSplit(shuffled, minSegment);
    if (permuted !== null && permuted.statistic >= statistic) atLeast++;
  }
  return (atLeast + 1) / (permutations + 1);
}

/** Pooled two-sample t-test of the two sides of a split, Bonferroni-corrected over the admissible split positions. */
export function splitTTestPValue(segment: readonly number[], split: number, minSegment: number): number {
  const positive = segment.every((value) => value > 0);
  const values = positive ? segment.map((value) => Math.log(value)) : segment;
  const left = values.slice(0, split);
  const right = values.slice(split);
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  const leftMean = mean(left);
  const rightMean = mean(right);
  let squares = 0;
  for (const value of left) squares += (value - leftMean) ** 2;
  for (const value of right) squares += (value - rightMean) ** 2;
  const degreesOfFreedom = values.length - 2;
  if (degreesOfFreedom < 1) return 1;
  const pooled = squares / degreesOfFreedom;
  const error = Math.sqrt(pooled * (1 / left.length + 1 / right.length));
  if (error === 0) return leftMean === rightMean ? 1 : 0;
  const positions = Math.max(1, values.length - 2 * minSegment + 1);
  return Math.min(1, tTwoSidedPValue((rightMean - leftMean) / error, degreesOfFreedom) * positions);
}

/**
 * The split maximising the scaled energy distance
 * Q = (m·k/(m+k))·(2/(m·k)·Σ|a−b| − Σ|a−a'|/C(m,2) − Σ|b−b'|/C(k,2)),
 * in O(n²) by moving one value at a time from the right part to the left.
 */
function bestSplit(
  values: readonly number[],
  minSegment: number,
): { index: number; statistic: number } | null {
  const count = values.length;
  const before = new Float64Array(count);
  const after = new Float64Array(count);
  for (let left = 0; left < count; left++) {
    for (let right = left + 1; right < count; right++) {
      const distance = Math.abs(values[left]! - values[right]!);
      after[left]! += distance;
      before[right]! += distance;
    }
  }
  let withinLeft = 0;
  let withinRight = 0;
  for (let index = 0; index < count; index++) withinRight += after[index]!;
  let across = 0;
  let best: { index: number; statistic: number } | null = null;
  for (let split = 1; split < count; split++) {
    const moved = split - 1;
    withinLeft += before[moved]!;
    withinRight -= after[moved]!;
    across += after[moved]! - before[moved]!;
    const m = split;
    const k = count - split;
    if (m < minSegment || k < minSegment) continue;
    const meanAcross = (2 * across) / (m * k);
    const meanLeft = m > 1 ? withinLeft / ((m * (m - 1)) / 2) : 0;
    const meanRight = k > 1 ? withinRight / ((k * (k - 1)) / 2) : 0;
    const statistic = ((m * k) / (m + k)) * (meanAcross - meanLeft - meanRight);
    if (best === null || statistic > best.statistic) best = { index: split, statistic };
  }
  return best;
}
