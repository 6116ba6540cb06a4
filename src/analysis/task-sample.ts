import type { TaskRecord } from '../spec/index.js';

/**
 * The measured tasks of one level laid out column-wise and sorted by
 * end-to-end latency, so a bootstrap resample (a vector of counts over these
 * rows) yields every statistic in one linear pass without re-sorting.
 */
export interface TaskSample {
  e2eMs: Float64Array;
  passed: Uint8Array;
  /** NaN when the task's cost is unknown (an unpriced step). */
  costUsd: Float64Array;
  steps: Float64Array;
  /** The level's measured window, seconds (throughput denominators). */
  wallS: number;
  /**
   * Closed loop only: summed task latency per second of wall time (the
   * effective number of busy agents). By Little's law a closed loop's
   * throughput is busy agents / mean latency, so a resample's throughput is
   * its steps per busy millisecond times this; null in open loop, where
   * arrivals set the pace.
   */
  busyMsPerWallS: number | null;
}

/** Builds the sample from a level's task records; warm-up executions are excluded. */
export function taskSample(
  tasks: readonly TaskRecord[],
  wallS: number,
  mode: 'closed' | 'open' = 'closed',
): TaskSample {
  const measured = tasks.filter((task) => !task.warmup).sort((left, right) => left.e2eMs - right.e2eMs);
  const count = measured.length;
  const sample: TaskSample = {
    e2eMs: new Float64Array(count),
    passed: new Uint8Array(count),
    costUsd: new Float64Array(count),
    steps: new Float64Array(count),
    wallS,
    busyMsPerWallS: null,
  };
  let busyMs = 0;
  measured.forEach((task, index) => {
    sample.e2eMs[index] = task.e2eMs;
    sample.passed[index] = task.passed ? 1 : 0;
    sample.costUsd[index] = task.costUsd ?? Number.NaN;
    sample.steps[index] = task.steps;
    busyMs += task.e2eMs;
  });
  if (mode === 'closed' && wallS > 0 && busyMs > 0) sample.busyMsPerWallS = busyMs / wallS;
  return sample;
}
