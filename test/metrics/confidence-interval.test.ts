import { describe, expect, it } from 'vitest';
import { quantile, quantileRankInterval, sortedCopy, summarizeLatency } from '../../src/metrics/index.js';
import { seededRandom } from './records.js';

/** P(B ≤ k) for B ~ Binomial(n, q), summed directly (independent of the implementation's log-space walk). */
function binomialCdf(n: number, q: number, k: number): number {
  let total = 0;
  let logChoose = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logChoose += Math.log(n - i + 1) - Math.log(i);
    total += Math.exp(logChoose + i * Math.log(q) + (n - i) * Math.log(1 - q));
  }
  return total;
}

describe('order-statistic confidence interval', () => {
  it('gives the textbook ranks for the median of 100 samples', () => {
    // Binomial(100, 0.5): P(B ≤ 39) = 0.0176, P(B ≤ 40) = 0.0284; P(B ≤ 59) = 0.9716, P(B ≤ 60) = 0.9824.
    expect(quantileRankInterval(100, 0.5)).toEqual([40, 61]);
  });

  it('has ≥ 95% coverage with tails that cannot be narrowed, for known n', () => {
    for (const [n, q] of [
      [72, 0.95],
      [200, 0.95],
      [368, 0.99],
      [1000, 0.99],
      [5000, 0.95],
    ] as const) {
      const ranks = quantileRankInterval(n, q);
      expect(ranks, `n=${n} q=${q}`).not.toBeNull();
      const [lower, upper] = ranks!;
      // Coverage of [X(l), X(u)] is P(l ≤ B ≤ u − 1).
      expect(binomialCdf(n, q, upper - 1) - binomialCdf(n, q, lower - 1)).toBeGreaterThanOrEqual(0.95);
      expect(binomialCdf(n, q, lower - 1)).toBeLessThanOrEqual(0.025);
      expect(binomialCdf(n, q, lower)).toBeGreaterThan(0.025);
      expect(binomialCdf(n, q, upper - 1)).toBeGreaterThanOrEqual(0.975);
      expect(binomialCdf(n, q, upper - 2)).toBeLessThan(0.975);
      expect(lower).toBeLessThan(q * n + 1);
      expect(upper).toBeGreaterThan(q * n);
    }
  });

  it('is null when n is too small for a two-sided 95% interval', () => {
    // 0.95^71 > 0.025: even X(1) is above the true p95 too often.
    expect(quantileRankInterval(71, 0.95)).toBeNull();
    expect(quantileRankInterval(367, 0.99)).toBeNull();
    expect(summarizeLatency(Array.from({ length: 100 }, (_, i) => i)).ci95).toMatchObject({ p99: null });
    expect(summarizeLatency(Array.from({ length: 100 }, (_, i) => i)).ci95.p95).not.toBeNull();
  });

  it('covers the true p95 of a known distribution in about 95% of repeated samples', () => {
    // Uniform(0, 1) has p95 = 0.95 exactly.
    const random = seededRandom(42);
    const trials = 2000;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const samples = Array.from({ length: 200 }, random);
      const [low, high] = summarizeLatency(samples).ci95.p95!;
      if (low <= 0.95 && 0.95 <= high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('reports the interval as the order statistics at those ranks, around the estimate', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const summary = summarizeLatency(samples);
    const sorted = sortedCopy(samples);
    const [lower, upper] = quantileRankInterval(1000, 0.99)!;
    expect(summary.ci95.p99).toEqual([sorted[lower - 1], sorted[upper - 1]]);
    expect(summary.ci95.p99![0]).toBeLessThanOrEqual(quantile(sorted, 0.99)!);
    expect(summary.ci95.p99![1]).toBeGreaterThanOrEqual(quantile(sorted, 0.99)!);
  });
});
