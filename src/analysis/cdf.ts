import { quantileOfSorted } from './quantile.js';

/** One point of an empirical CDF: the latency and the fraction of tasks at or under it. */
export interface CdfPoint {
  ms: number;
  fraction: number;
}

/**
 * Reduces an ascending sample to at most maxPoints CDF points, evenly spaced
 * in probability, with extra resolution in the tail (p90..p100) where users
 * feel latency: a report must stay small however many tasks a run had.
 */
export function cdfPoints(sorted: ArrayLike<number>, maxPoints = 200): CdfPoint[] {
  const count = sorted.length;
  if (count === 0) return [];
  if (count <= maxPoints) {
    return Array.from({ length: count }, (_, index) => ({
      ms: sorted[index]!,
      fraction: (index + 1) / count,
    }));
  }
  const bodyPoints = Math.floor(maxPoints * 0.6);
  const tailPoints = maxPoints - bodyPoints;
  const fractions: number[] = [];
  for (let index = 0; index < bodyPoints; index++) fractions.push((index / bodyPoints) * 0.9);
  for (let index = 0; index < tailPoints; index++) fractions.push(0.9 + (index / (tailPoints - 1)) * 0.1);
  return fractions.map((fraction) => ({ ms: quantileOfSorted(sorted, fraction)!, fraction }));
}
