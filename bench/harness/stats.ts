/** min/median/max of repeated figures, printed the same way by every section. */
export function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return {
    min: sorted[0] ?? Number.NaN,
    median: ((sorted[Math.floor(middle)] ?? Number.NaN) + (sorted[Math.ceil(middle)] ?? Number.NaN)) / 2,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** "min/median/max" with a fixed number of decimals. */
export function formatSpread(values: number[], decimals = 0, unit = ''): string {
  const { min, median, max } = spread(values);
  return `${min.toFixed(decimals)}/${median.toFixed(decimals)}/${max.toFixed(decimals)}${unit}`;
}

/** Quantile by linear interpolation between closest ranks (numpy's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

/** Repetitions of every comparison (the brief's minimum). */
export const REPETITIONS = Number(process.env.REPS ?? 3);

/** Wilson score 95% interval for k successes of n (0–1 for none). */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
