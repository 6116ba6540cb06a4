import { seededRandom, shuffleInPlace } from './random.js';

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
    let atLeast = 0;
    const shuffled = segment.slice();
    for (let round = 0; round < permutations; round++) {
      shuffleInPlace(shuffled, random);
      const permuted = bestSplit(shuffled, minSegment);
      if (permuted !== null && permuted.statistic >= best.statistic) atLeast++;
    }
    const pValue = (atLeast + 1) / (permutations + 1);
    if (pValue >= alpha) continue;
    found.push({ index: start + best.index, pValue });
    pending.push([start, start + best.index], [start + best.index, end]);
  }
  return found.sort((left, right) => left.index - right.index);
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
