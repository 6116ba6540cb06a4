/**
 * The q-quantile (0 ≤ q ≤ 1) of ascending samples by linear interpolation
 * between closest ranks: numpy's default (`method='linear'`, Hyndman & Fan
 * type 7). The virtual index is (n − 1)·q and the interpolation uses numpy's
 * two-sided lerp, so results match `numpy.quantile` to the last bit.
 * Returns null for an empty array. The caller sorts; this never copies.
 */
export function quantile(sortedSamples: ArrayLike<number>, q: number): number | null {
  const count = sortedSamples.length;
  if (count === 0) return null;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within 0..1, got ${q}`);
  const virtualIndex = (count - 1) * q;
  const below = Math.floor(virtualIndex);
  const above = Math.min(below + 1, count - 1);
  return lerp(sortedSamples[below]!, sortedSamples[above]!, virtualIndex - below);
}

/** numpy's _lerp: interpolates from the nearer end so t = 1 gives b exactly. */
export function lerp(a: number, b: number, t: number): number {
  const difference = b - a;
  return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
}

/** Ascending copy of the samples as a Float64Array (numeric sort, no comparator overhead). */
export function sortedCopy(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}
