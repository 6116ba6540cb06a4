/**
 * A second, deliberately naive implementation of the metric definitions in
 * ARCHITECTURE.md, used only to check results.json from the JSONL files.
 * It shares no code with src/metrics.
 */

/** numpy.percentile(..., method='linear'), written from the definition. */
export function numpyPercentile(values: number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (percent / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const fraction = rank - below;
  return sorted[below]! * (1 - fraction) + sorted[above]! * fraction;
}

export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
