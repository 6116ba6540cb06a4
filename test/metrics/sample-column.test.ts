import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/analysis/index.js';
import { quantile, SampleColumn } from '../../src/metrics/index.js';

describe('SampleColumn', () => {
  const random = seededRandom(4);
  const samples = Array.from({ length: 5000 }, () => 50 + 900 * random() ** 3);
  const exactly = (q: number) => quantile(Float64Array.from(samples).sort(), q)!;

  it('is exact up to its limit: the same percentiles as the sorted samples', () => {
    const column = new SampleColumn(5000);
    for (const sample of samples) column.push(sample);
    expect(column.isExact).toBe(true);
    for (const q of [0.5, 0.95, 0.99]) expect(column.quantile(q)).toBe(exactly(q));
  });

  it('past its limit becomes a histogram: stops keeping samples, percentiles within 0.1%, count/sum/max exact', () => {
    const column = new SampleColumn(1000);
    for (const sample of samples) column.push(sample);
    expect(column.isExact).toBe(false);
    expect(column.values()).toBeNull();
    expect(column.length).toBe(5000);
    expect(column.max).toBe(Math.max(...samples));
    expect(column.sum).toBeCloseTo(
      samples.reduce((sum, value) => sum + value, 0),
      6,
    );
    for (const q of [0.5, 0.95, 0.99]) {
      expect(Math.abs(column.quantile(q)! - exactly(q)) / exactly(q)).toBeLessThan(0.001);
      expect(column.quantile(q)).not.toBe(exactly(q));
    }
  });

  it('merges: an exact half and a spilled half give the whole, scaled values included', () => {
    const costs = samples.map((sample) => sample * 1e-6);
    const whole = new SampleColumn(1000, 1e6);
    for (const cost of costs) whole.push(cost);
    const first = new SampleColumn(1000, 1e6);
    const second = new SampleColumn(1000, 1e6);
    costs.forEach((cost, index) => {
      (index < 600 ? first : second).push(cost);
    });
    expect(first.isExact).toBe(true);
    expect(second.isExact).toBe(false);
    first.append(second);
    expect(first.length).toBe(whole.length);
    for (const q of [0.5, 0.99]) expect(first.quantile(q)).toBeCloseTo(whole.quantile(q)!, 12);
  });
});
