import type { LatencySummary } from '../spec/index.js';
import { LatencyHistogram } from './latency-histogram.js';
import { lowSampleWarnings } from './low-sample-warnings.js';
import { quantile, sortedCopy } from './quantile.js';
import { quantileRankInterval } from './quantile-interval.js';
import type { SampleColumn } from './sample-column.js';

/**
 * Above this many samples the percentiles come from an HDR histogram
 * (≤ 0.1% relative error, O(n) time, constant memory) instead of a sorted
 * copy of every sample; the summary says so in `method`.
 */
export const DEFAULT_HISTOGRAM_ABOVE = 2_000_000;

export interface SummarizeOptions {
  /** Sample count above which the histogram path is used (default 2,000,000). */
  histogramAbove?: number;
}

/**
 * p50/p95/p99 (numpy's linear interpolation), mean, max, distribution-free
 * 95% intervals on p95/p99 and plain-language warnings for percentiles
 * printed from too few samples.
 */
export function summarizeLatency(
  samples: ArrayLike<number> & Iterable<number>,
  options: SummarizeOptions = {},
): LatencySummary {
  const histogramAbove = options.histogramAbove ?? DEFAULT_HISTOGRAM_ABOVE;
  if (samples.length > histogramAbove) return summarizeLargeSample(samples);
  const sorted = sortedCopy(samples);
  const orderStatistic = (rank: number) => sorted[rank]!;
  let total = 0;
  for (const sample of sorted) total += sample;
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    mean: sorted.length === 0 ? null : total / sorted.length,
    max: sorted.length === 0 ? null : sorted[sorted.length - 1]!,
    ci95: {
      p95: confidenceInterval(sorted.length, 0.95, orderStatistic),
      p99: confidenceInterval(sorted.length, 0.99, orderStatistic),
    },
    lowSampleWarnings: lowSampleWarnings(sorted.length),
    method: 'exact',
  };
}

/**
 * Summary of a (possibly merged) histogram. Mean and max are to bucket
 * resolution (≤ 0.1%), like the percentiles.
 */
export function summarizeHistogram(histogram: LatencyHistogram): LatencySummary {
  const count = histogram.count;
  const orderStatistic = (rank: number) => histogram.orderStatistic(rank);
  return {
    n: count,
    p50: histogram.quantile(0.5),
    p95: histogram.quantile(0.95),
    p99: histogram.quantile(0.99),
    mean: histogram.mean,
    max: histogram.max,
    ci95: {
      p95: confidenceInterval(count, 0.95, orderStatistic),
      p99: confidenceInterval(count, 0.99, orderStatistic),
    },
    lowSampleWarnings: lowSampleWarnings(count),
    method: 'histogram',
  };
}

/**
 * summarizeLatency of a sample column: the exact path while the column kept
 * every sample, its histogram (with exact mean and max) once it spilled.
 */
export function summarizeColumn(column: SampleColumn, options: SummarizeOptions = {}): LatencySummary {
  const values = column.values();
  if (values !== null) return summarizeLatency(values, options);
  return { ...summarizeHistogram(column.spilled()!), mean: column.sum / column.length, max: column.max };
}

/** Histogram percentiles, but mean and max exact since one pass over the samples gives them for free. */
function summarizeLargeSample(samples: ArrayLike<number> & Iterable<number>): LatencySummary {
  const histogram = LatencyHistogram.create();
  let total = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    histogram.record(sample);
    total += sample;
    if (sample > max) max = sample;
  }
  return { ...summarizeHistogram(histogram), mean: total / samples.length, max };
}

/** [X(l), X(u)] for the quantile's rank interval, or null when n is too small. */
function confidenceInterval(
  count: number,
  q: number,
  orderStatistic: (rank: number) => number,
): [number, number] | null {
  const ranks = quantileRankInterval(count, q);
  if (ranks === null) return null;
  return [orderStatistic(ranks[0] - 1), orderStatistic(ranks[1] - 1)];
}
