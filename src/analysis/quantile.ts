/**
 * Percentiles by linear interpolation between closest ranks (numpy's
 * default), the method ARCHITECTURE.md fixes for every figure.
 */

/** The q-quantile (0..1) of an ascending array; null when it is empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  const position = q * (count - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, count - 1);
  const weight = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * weight;
}

/** The q-quantile of unsorted values (copies and sorts). */
export function quantile(values: readonly number[], q: number): number | null {
  const sorted = Float64Array.from(values).sort();
  return quantileOfSorted(sorted, q);
}

/** Arithmetic mean; null when empty. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
