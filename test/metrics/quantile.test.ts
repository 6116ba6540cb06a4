import { describe, expect, it } from 'vitest';
import { quantile, sortedCopy, summarizeLatency } from '../../src/metrics/index.js';

// numpy's default ('linear', type 7): virtual index h = (n − 1)·q, result
// x[floor h] + (h − floor h)·(x[floor h + 1] − x[floor h]) on 0-based sorted x.
describe('quantile (numpy linear interpolation)', () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('matches numpy on 1..10', () => {
    // q=0.5: h = 4.5 → 5 + 0.5·(6 − 5) = 5.5
    expect(quantile(oneToTen, 0.5)).toBe(5.5);
    // q=0.95: h = 8.55 → 9 + 0.55·1 = 9.55 (numpy prints 9.549999999999999)
    expect(quantile(oneToTen, 0.95)).toBeCloseTo(9.55, 12);
    // q=0.99: h = 8.91 → 9.91
    expect(quantile(oneToTen, 0.99)).toBeCloseTo(9.91, 12);
    expect(quantile(oneToTen, 0)).toBe(1);
    expect(quantile(oneToTen, 1)).toBe(10);
  });

  it('matches numpy on [15, 20, 35, 40, 50]', () => {
    const samples = [15, 20, 35, 40, 50];
    // q=0.4: h = 1.6 → 20 + 0.6·(35 − 20) = 29 (the textbook example)
    expect(quantile(samples, 0.4)).toBeCloseTo(29, 12);
    // q=0.5: h = 2 → exactly x[2] = 35
    expect(quantile(samples, 0.5)).toBe(35);
    // q=0.95: h = 3.8 → 40 + 0.8·10 = 48
    expect(quantile(samples, 0.95)).toBeCloseTo(48, 12);
    // q=0.99: h = 3.96 → 49.6
    expect(quantile(samples, 0.99)).toBeCloseTo(49.6, 12);
  });

  it('returns null for no samples and the value itself for one', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.99)).toBe(7);
  });

  it('sorts numerically, not as strings', () => {
    expect([...sortedCopy([10, 9, 100, 1])]).toEqual([1, 9, 10, 100]);
  });

  it('summarizeLatency sorts unsorted input and reports mean and max', () => {
    const summary = summarizeLatency([50, 15, 40, 20, 35]);
    expect(summary).toMatchObject({ n: 5, p50: 35, mean: 32, max: 50, method: 'exact' });
    expect(summary.p95).toBeCloseTo(48, 12);
  });

  it('summarizes no samples as nulls without warnings', () => {
    const summary = summarizeLatency([]);
    expect(summary).toMatchObject({ n: 0, p50: null, p95: null, p99: null, mean: null, max: null });
    expect(summary.ci95).toEqual({ p95: null, p99: null });
    expect(summary.lowSampleWarnings).toEqual([]);
  });

  it('warns in words when a percentile comes from too few samples', () => {
    expect(summarizeLatency(Array.from({ length: 120 }, (_, i) => i)).lowSampleWarnings).toEqual([
      'p95 from 120 samples: needs ~200 to be stable',
      'p99 from 120 samples: needs ~1,000 to be stable',
    ]);
    expect(summarizeLatency(Array.from({ length: 500 }, (_, i) => i)).lowSampleWarnings).toEqual([
      'p99 from 500 samples: needs ~1,000 to be stable',
    ]);
    expect(summarizeLatency(Array.from({ length: 1000 }, (_, i) => i)).lowSampleWarnings).toEqual([]);
  });
});
