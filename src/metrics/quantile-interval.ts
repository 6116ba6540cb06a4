/**
 * Distribution-free confidence interval for a population quantile from order
 * statistics. The number B of samples below the true q-quantile is
 * Binomial(n, q), so the interval [X(l), X(u)] (1-based order statistics)
 * covers it with probability P(l ≤ B ≤ u − 1). We take the equal-tailed
 * choice: l − 1 is the largest k with P(B ≤ k) ≤ α/2 and u − 1 the smallest k
 * with P(B ≤ k) ≥ 1 − α/2, so coverage ≥ 1 − α. No bootstrap: the plain
 * bootstrap is unreliable for extreme quantiles.
 *
 * Returns the 1-based ranks [l, u], or null when n is too small for a
 * two-sided interval at this confidence (for 95%: p95 needs n ≥ 72, p99
 * needs n ≥ 368).
 */
export function quantileRankInterval(n: number, q: number, confidence = 0.95): [number, number] | null {
  if (!Number.isInteger(n) || n < 2 || !(q > 0 && q < 1)) return null;
  const tail = (1 - confidence) / 2;
  // Walk the binomial pmf in log space from k = 0 so large n cannot underflow the start.
  const logRatio = Math.log(q) - Math.log1p(-q);
  let logProbability = n * Math.log1p(-q);
  let cumulative = 0;
  let lowerRank: number | null = null;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logProbability += Math.log((n - k + 1) / k) + logRatio;
    cumulative += Math.exp(logProbability);
    if (cumulative <= tail) lowerRank = k + 1;
    if (cumulative >= 1 - tail) {
      const upperRank = k + 1;
      if (lowerRank === null || upperRank > n) return null;
      return [lowerRank, upperRank];
    }
  }
  return null;
}
