import type { TaskSample } from './task-sample.js';

/** The statistics compare reports, computed from one (re)sample of a level's tasks. */
export interface SampleStatistics {
  e2eP50: number | null;
  e2eP95: number | null;
  e2eP99: number | null;
  passedE2eP95: number | null;
  passRate: number | null;
  costPerTaskUsd: number | null;
  costPerPassedTaskUsd: number | null;
  stepsPerSecond: number | null;
  goodputTasksPerSecond: number | null;
}

export type StatisticName = keyof SampleStatistics;

/**
 * Linear-interpolation quantiles over a resample given as counts per sorted
 * row: the k-th order statistic of the resample is the row where the running
 * count first exceeds k.
 */
class OrderStatisticWalker {
  private readonly targets: number[];
  private readonly found: number[];
  private pending: number;

  constructor(
    quantiles: readonly number[],
    private readonly total: number,
  ) {
    this.targets = [];
    for (const q of quantiles) {
      const position = q * (total - 1);
      this.targets.push(Math.floor(position), Math.min(Math.floor(position) + 1, total - 1));
    }
    this.found = new Array(this.targets.length).fill(Number.NaN);
    this.pending = total > 0 ? this.targets.length : 0;
  }

  /** Feeds one sorted row whose copies occupy ranks up to (not including) `seenAfter`. */
  feed(value: number, seenAfter: number): void {
    if (this.pending === 0) return;
    for (let target = 0; target < this.targets.length; target++) {
      if (Number.isNaN(this.found[target]!) && this.targets[target]! < seenAfter) {
        this.found[target] = value;
        this.pending--;
      }
    }
  }

  quantile(index: number, q: number): number | null {
    if (this.total === 0) return null;
    const position = q * (this.total - 1);
    const weight = position - Math.floor(position);
    const lower = this.found[index * 2]!;
    const upper = this.found[index * 2 + 1]!;
    return lower + (upper - lower) * weight;
  }
}

const QUANTILES = [0.5, 0.95, 0.99] as const;

/**
 * Every compared statistic for the resample `counts` (copies of each sorted
 * row; all ones for the original sample), in two linear passes.
 */
export function sampleStatistics(sample: TaskSample, counts: Uint32Array | null): SampleStatistics {
  const rows = sample.e2eMs.length;
  let total = 0;
  let passedTotal = 0;
  let stepsSum = 0;
  let busyMs = 0;
  let costSum = 0;
  let costKnown = 0;
  let costUnknown = 0;
  for (let row = 0; row < rows; row++) {
    const copies = counts === null ? 1 : counts[row]!;
    if (copies === 0) continue;
    total += copies;
    if (sample.passed[row] === 1) passedTotal += copies;
    stepsSum += copies * sample.steps[row]!;
    busyMs += copies * sample.e2eMs[row]!;
    const cost = sample.costUsd[row]!;
    if (Number.isNaN(cost)) costUnknown += copies;
    else {
      costSum += copies * cost;
      costKnown += copies;
    }
  }
  const all = new OrderStatisticWalker(QUANTILES, total);
  const passed = new OrderStatisticWalker([0.95], passedTotal);
  let seen = 0;
  let passedSeen = 0;
  for (let row = 0; row < rows; row++) {
    const copies = counts === null ? 1 : counts[row]!;
    if (copies === 0) continue;
    seen += copies;
    all.feed(sample.e2eMs[row]!, seen);
    if (sample.passed[row] === 1) {
      passedSeen += copies;
      passed.feed(sample.e2eMs[row]!, passedSeen);
    }
  }
  const wall = sample.wallS > 0 ? sample.wallS : null;
  // Closed loop: throughput = work per busy millisecond × busy milliseconds per second (Little's law).
  const perSecond = (count: number): number | null => {
    if (sample.busyMsPerWallS !== null && busyMs > 0) return (count / busyMs) * sample.busyMsPerWallS;
    return wall === null ? null : count / wall;
  };
  return {
    e2eP50: total > 0 ? all.quantile(0, 0.5) : null,
    e2eP95: total > 0 ? all.quantile(1, 0.95) : null,
    e2eP99: total > 0 ? all.quantile(2, 0.99) : null,
    passedE2eP95: passedTotal > 0 ? passed.quantile(0, 0.95) : null,
    passRate: total > 0 ? passedTotal / total : null,
    costPerTaskUsd: costKnown > 0 && costUnknown === 0 ? costSum / costKnown : null,
    costPerPassedTaskUsd:
      passedTotal > 0 && costUnknown === 0 && costKnown > 0 ? costSum / passedTotal : null,
    stepsPerSecond: perSecond(stepsSum),
    goodputTasksPerSecond: perSecond(passedTotal),
  };
}
