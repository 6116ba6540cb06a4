/**
 * When to look at a growing sample, and how much error each look may spend.
 * Looking after every task and testing at a fixed alpha would find a
 * "significant" answer by chance far more often than alpha; so looks come
 * on a geometric schedule (first at `first` samples, then each `growth`
 * times more) and look k may spend alpha / (k(k + 1)), which sums to alpha
 * over any number of looks: the whole sequence keeps its stated error
 * however long the level runs.
 */
export class LookSchedule {
  private looks = 0;
  private nextAt: number;

  constructor(
    readonly alpha: number,
    first = 20,
    private readonly growth = 1.25,
  ) {
    this.nextAt = first;
  }

  /** True when n samples reach the next look (and counts that look). */
  due(n: number): boolean {
    if (n < this.nextAt) return false;
    this.looks += 1;
    this.nextAt = Math.max(n + 1, Math.ceil(this.nextAt * this.growth));
    return true;
  }

  /** Looks taken so far. */
  get count(): number {
    return this.looks;
  }

  /** Error the current (latest) look may spend. */
  get alphaNow(): number {
    const k = Math.max(1, this.looks);
    return this.alpha / (k * (k + 1));
  }

  /** Looks the schedule takes before reaching n samples (for docs and sample-size tables). */
  static looksUntil(n: number, first = 20, growth = 1.25): number {
    const schedule = new LookSchedule(1, first, growth);
    for (let size = first; size <= n; size++) schedule.due(size);
    return schedule.count;
  }
}
