import type { Random } from './random.js';

/**
 * Draws a bootstrap resample of `rows` items as counts per row (how many
 * times each row was drawn), reusing `counts` to avoid allocation per resample.
 */
export function drawResampleCounts(rows: number, random: Random, counts: Uint32Array): Uint32Array {
  counts.fill(0);
  for (let draw = 0; draw < rows; draw++) counts[Math.floor(random() * rows)]!++;
  return counts;
}

/** A two-sided percentile interval from bootstrap replicates (NaN entries skipped). */
export function percentileInterval(replicates: Float64Array, confidence: number): [number, number] | null {
  const finite = replicates.filter((value) => !Number.isNaN(value)).sort();
  if (finite.length < 2) return null;
  const tail = (1 - confidence) / 2;
  const at = (q: number) => {
    const position = q * (finite.length - 1);
    const lower = Math.floor(position);
    const upper = Math.min(lower + 1, finite.length - 1);
    return finite[lower]! + (finite[upper]! - finite[lower]!) * (position - lower);
  };
  return [at(tail), at(1 - tail)];
}
