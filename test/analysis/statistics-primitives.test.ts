import { describe, expect, it } from 'vitest';
import {
  benjaminiHochbergAdjust,
  holmAdjust,
  meanDifference,
  tCritical,
  tTwoSidedPValue,
} from '../../src/analysis/index.js';

describe('multiple testing', () => {
  it('Holm: the k-th smallest p is multiplied by (m − k + 1), kept monotone, in input order', () => {
    // Worked by hand: sorted 0.01, 0.02, 0.04, 0.30 → 0.04, 0.06, 0.08, 0.30.
    expect(holmAdjust([0.04, 0.01, 0.3, 0.02])).toEqual([0.08, 0.04, 0.3, 0.06]);
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([null, 0.01, null])).toEqual([null, 0.01, null]);
  });

  it('Benjamini–Hochberg: p·m/rank, made monotone from the largest down', () => {
    // m = 4: 0.01·4/1 = 0.04, 0.02·4/2 = 0.04, 0.04·4/3 = 0.0533, 0.30·4/4 = 0.30.
    const adjusted = benjaminiHochbergAdjust([0.04, 0.01, 0.3, 0.02]);
    expect(adjusted[0]).toBeCloseTo(0.16 / 3, 12);
    expect(adjusted[1]).toBeCloseTo(0.04, 12);
    expect(adjusted[2]).toBeCloseTo(0.3, 12);
    expect(adjusted[3]).toBeCloseTo(0.04, 12);
    // A larger p can lower a smaller one's q-value: 0.03 at rank 2 of 2 → 0.03; 0.025 at rank 1 → min(0.05, 0.03).
    expect(benjaminiHochbergAdjust([0.025, 0.03])).toEqual([0.03, 0.03]);
    // BH is never stricter than Holm.
    const ps = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205];
    const holm = holmAdjust(ps);
    for (const [index, q] of benjaminiHochbergAdjust(ps).entries())
      expect(q!).toBeLessThanOrEqual(holm[index]! + 1e-12);
  });
});

describe('Student t', () => {
  it('matches published critical values and p-values', () => {
    expect(tCritical(0.95, 2)).toBeCloseTo(4.303, 3);
    expect(tCritical(0.95, 10)).toBeCloseTo(2.228, 3);
    expect(tTwoSidedPValue(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(tTwoSidedPValue(0, 5)).toBeCloseTo(1, 6);
  });

  it('meanDifference: paired on differences, Welch otherwise, a prediction interval for one run', () => {
    const paired = meanDifference([10, 20, 30], [11, 22, 33], true)!;
    // Differences 1, 2, 3: mean 2, sd 1, se 1/√3, t(2) 4.303.
    expect(paired.method).toBe('paired t');
    expect(paired.change).toBe(2);
    expect(paired.ci95[0]).toBeCloseTo(2 - tCritical(0.95, 2) / Math.sqrt(3), 9);
    const welch = meanDifference([10, 20, 30], [11, 22, 33], false)!;
    expect(welch.method).toBe('Welch t');
    expect(welch.ci95[0]).toBeLessThan(0);
    const single = meanDifference([10, 12, 14], [20], false)!;
    // sd 2, se 2·√(1 + 1/3), df 2.
    expect(single.method).toBe('prediction t');
    expect(single.ci95[0]).toBeCloseTo(8 - tCritical(0.95, 2) * 2 * Math.sqrt(4 / 3), 9);
    expect(meanDifference([1], [2], false)).toBeNull();
  });
});
