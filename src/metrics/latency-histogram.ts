import hdr from 'hdr-histogram-js';
import type { JsHistogram } from 'hdr-histogram-js';
import { lerp } from './quantile.js';

/**
 * Values are recorded as integer nanoseconds: HDR histograms hold integers,
 * and at ns resolution rounding stays under 0.1% for anything above 0.5 µs.
 */
const NANOSECONDS_PER_MS = 1_000_000;

/**
 * A mergeable latency histogram (HDR, 3 significant digits: every recorded
 * value lies within 1/2048 of its bucket's midpoint, so quantiles are within
 * 0.05% of the exact order statistics). Shards, workers and weeks combine
 * exactly by merging; never average percentiles.
 */
export class LatencyHistogram {
  readonly #histogram: JsHistogram;

  private constructor(histogram: JsHistogram) {
    this.#histogram = histogram;
  }

  /** An empty histogram. */
  static create(): LatencyHistogram {
    const histogram = hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3, autoResize: true });
    return new LatencyHistogram(histogram as JsHistogram);
  }

  /** A histogram of the given samples (ms). */
  static of(samplesMs: Iterable<number>): LatencyHistogram {
    const histogram = LatencyHistogram.create();
    for (const sample of samplesMs) histogram.record(sample);
    return histogram;
  }

  /** Reads a histogram written by encode(). */
  static decode(encoded: string): LatencyHistogram {
    return new LatencyHistogram(hdr.decodeFromCompressedBase64(encoded, 64) as JsHistogram);
  }

  /** Records one sample in ms (negative values count as 0). */
  record(valueMs: number): void {
    if (!Number.isFinite(valueMs)) throw new RangeError(`cannot record a non-finite latency: ${valueMs}`);
    this.#histogram.recordValue(Math.max(0, Math.round(valueMs * NANOSECONDS_PER_MS)));
  }

  /** Adds every sample of another histogram to this one. */
  merge(other: LatencyHistogram): this {
    this.#histogram.add(other.#histogram);
    return this;
  }

  /** Compressed base64 (HdrHistogram V2 encoding, readable by every HdrHistogram port). */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.#histogram);
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  /** Mean in ms (from bucket midpoints). */
  get mean(): number | null {
    return this.count === 0 ? null : this.#histogram.mean / NANOSECONDS_PER_MS;
  }

  /** Largest sample in ms (to bucket resolution). */
  get max(): number | null {
    return this.count === 0 ? null : this.orderStatistic(this.count - 1);
  }

  /**
   * The q-quantile with the same definition as the exact path (linear
   * interpolation between closest ranks), order statistics taken at their
   * bucket's midpoint.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const virtualIndex = (this.count - 1) * q;
    const below = Math.floor(virtualIndex);
    const [lower, upper] = this.#orderStatistics(below, Math.min(below + 1, this.count - 1));
    return lerp(lower, upper, virtualIndex - below);
  }

  /** The sample of 0-based rank `rank` in ascending order, ms. */
  orderStatistic(rank: number): number {
    return this.#orderStatistics(rank, rank)[0];
  }

  /** Values (ms) of two 0-based ranks, first ≤ second, in one pass over the buckets. */
  #orderStatistics(first: number, second: number): [number, number] {
    const histogram = this.#histogram;
    let seen = 0;
    let firstValue: number | null = null;
    for (let index = 0; index < histogram.countsArrayLength; index++) {
      const count = histogram.getCountAtIndex(index);
      if (count === 0) continue;
      seen += count;
      if (firstValue === null && seen > first) firstValue = this.#bucketMidpoint(index);
      if (seen > second) return [firstValue ?? this.#bucketMidpoint(index), this.#bucketMidpoint(index)];
    }
    throw new RangeError(`rank ${second} is outside a histogram of ${this.count} samples`);
  }

  #bucketMidpoint(index: number): number {
    const histogram = this.#histogram;
    return histogram.medianEquivalentValue(histogram.valueFromIndex(index)) / NANOSECONDS_PER_MS;
  }
}

/** Merges encoded histograms (e.g. from shards or weeks) into one encoded histogram. */
export function mergeEncodedHistograms(encoded: readonly string[]): string {
  const merged = LatencyHistogram.create();
  for (const one of encoded) merged.merge(LatencyHistogram.decode(one));
  return merged.encode();
}
