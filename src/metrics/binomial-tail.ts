/**
 * P(B ≤ k) for B ~ Binomial(n, p), summed in log space so large n cannot
 * underflow. Exact: early stopping decides on it, and a normal
 * approximation is poor exactly where it matters (p near 0.01, few misses).
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logProbability = n * Math.log1p(-p);
  let cumulative = Math.exp(logProbability);
  for (let index = 1; index <= k; index++) {
    logProbability += Math.log((n - index + 1) / index) + logRatio;
    cumulative += Math.exp(logProbability);
  }
  return Math.min(1, cumulative);
}

/** P(B ≥ k) for B ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  return k <= 0 ? 1 : Math.max(0, 1 - binomialCdf(k - 1, n, p));
}
