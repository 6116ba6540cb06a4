import { LatencyHistogram } from './latency-histogram.js';
import { NumberColumn } from './number-column.js';
import { quantile } from './quantile.js';

/**
 * Values a column keeps exactly before it turns into a histogram: 262,144
 * doubles (2 MiB). Up to this many samples every percentile is exact
 * (numpy's linear interpolation); past it the column's values go into an
 * HDR histogram (3 significant digits: an order statistic within 0.05% of
 * the true one) and the column stops growing, so a level of any size keeps
 * a bounded amount per figure. Count, sum and max stay exact either way.
 */
export const EXACT_SAMPLES = 262_144;

/**
 * A column of samples: exact up to `limit` values (see EXACT_SAMPLES), a
 * histogram past it. `scale` multiplies values on their way into the
 * histogram (which resolves to 1e-6 of a unit), for figures much smaller
 * than milliseconds such as costs in USD. Mergeable.
 */
export class SampleColumn {
  private exact: NumberColumn | null;
  private histogram: LatencyHistogram | null = null;
  private sortedCache: Float64Array | null = null;
  private size = 0;
  private total = 0;
  private largest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limit = EXACT_SAMPLES,
    private readonly scale = 1,
    initialCapacity = 256,
  ) {
    this.exact = new NumberColumn(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  /** Sum of every sample, in the order they came. */
  get sum(): number {
    return this.total;
  }

  get max(): number | null {
    return this.size === 0 ? null : this.largest;
  }

  /** True while every sample is kept (percentiles exact). */
  get isExact(): boolean {
    return this.exact !== null;
  }

  push(value: number): void {
    this.size++;
    this.total += value;
    if (value > this.largest) this.largest = value;
    this.sortedCache = null;
    if (this.exact === null) {
      this.histogram!.record(value * this.scale);
      return;
    }
    this.exact.push(value);
    if (this.exact.length > this.limit) this.spill();
  }

  /** Adds another column's samples (another worker's or shard's part). */
  append(other: SampleColumn): void {
    if (other.exact !== null) {
      for (const value of other.exact.view()) this.push(value);
      return;
    }
    if (this.exact !== null) this.spill();
    this.histogram!.merge(other.histogram!);
    this.size += other.size;
    this.total += other.total;
    if (other.largest > this.largest) this.largest = other.largest;
    this.sortedCache = null;
  }

  /** The samples in the order they came, while the column is exact; null once it is a histogram. */
  values(): Float64Array | null {
    return this.exact?.view() ?? null;
  }

  /** The samples sorted (cached until the next push), while exact; null once a histogram. */
  sorted(): Float64Array | null {
    if (this.exact === null) return null;
    this.sortedCache ??= this.exact.sorted();
    return this.sortedCache;
  }

  /** The histogram (values × scale) once the column spilled; null while exact. */
  spilled(): LatencyHistogram | null {
    return this.histogram;
  }

  /** The q-quantile: exact while the column is, from the histogram after. */
  quantile(q: number): number | null {
    const sorted = this.sorted();
    if (sorted !== null) return quantile(sorted, q);
    const value = this.histogram!.quantile(q);
    return value === null ? null : value / this.scale;
  }

  private spill(): void {
    const histogram = LatencyHistogram.create();
    for (const value of this.exact!.view()) histogram.record(value * this.scale);
    this.histogram = histogram;
    this.exact = null;
    this.sortedCache = null;
  }
}
