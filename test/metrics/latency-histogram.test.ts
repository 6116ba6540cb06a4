import { describe, expect, it } from 'vitest';
import {
  LatencyHistogram,
  mergeEncodedHistograms,
  summarizeHistogram,
  summarizeLatency,
} from '../../src/metrics/index.js';
import { seededRandom } from './records.js';

function logNormalSamples(count: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(7 + 1.2 * gaussian);
  });
}

function relativeError(actual: number | null, expected: number | null): number {
  return Math.abs(actual! - expected!) / expected!;
}

describe('histogram path', () => {
  const samples = logNormalSamples(50_000, 7);

  it('agrees with the exact path within 0.1% and says it is a histogram', () => {
    const exact = summarizeLatency(samples);
    const histogram = summarizeLatency(samples, { histogramAbove: 10_000 });
    expect(exact.method).toBe('exact');
    expect(histogram.method).toBe('histogram');
    expect(histogram.n).toBe(exact.n);
    for (const key of ['p50', 'p95', 'p99'] as const) {
      expect(relativeError(histogram[key], exact[key]), key).toBeLessThanOrEqual(0.001);
    }
    for (const key of ['p95', 'p99'] as const) {
      expect(relativeError(histogram.ci95[key]![0], exact.ci95[key]![0])).toBeLessThanOrEqual(0.001);
      expect(relativeError(histogram.ci95[key]![1], exact.ci95[key]![1])).toBeLessThanOrEqual(0.001);
    }
    // Mean and max come from the samples themselves on this path.
    expect(histogram.mean).toBeCloseTo(exact.mean!, 6);
    expect(histogram.max).toBe(exact.max);
  });

  it('merges shards exactly: encoded halves combine to the whole', () => {
    const whole = LatencyHistogram.of(samples);
    const first = LatencyHistogram.of(samples.slice(0, 20_000)).encode();
    const second = LatencyHistogram.of(samples.slice(20_000)).encode();
    const merged = LatencyHistogram.decode(mergeEncodedHistograms([first, second]));
    expect(merged.count).toBe(samples.length);
    expect(summarizeHistogram(merged)).toEqual(summarizeHistogram(whole));
  });

  it('keeps sub-millisecond values within 0.1%', () => {
    const small = [0.0123, 0.5, 0.987, 3.25];
    const histogram = LatencyHistogram.of(small);
    small.forEach((value, rank) => {
      expect(relativeError(histogram.orderStatistic(rank), value)).toBeLessThanOrEqual(0.001);
    });
  });

  it('round-trips through its text encoding', () => {
    const histogram = LatencyHistogram.of([1, 2, 3, 400]);
    const decoded = LatencyHistogram.decode(histogram.encode());
    expect(decoded.count).toBe(4);
    expect(relativeError(decoded.quantile(0.5), 2.5)).toBeLessThanOrEqual(0.001);
  });
});
