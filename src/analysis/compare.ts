import type { RunResults, TaskRecord } from '../spec/index.js';
import { drawResampleCounts, percentileInterval } from './bootstrap.js';
import { COMPARED_METRICS, type MetricDefinition } from './metric-directions.js';
import { seededRandom } from './random.js';
import { type SampleStatistics, sampleStatistics } from './sample-statistics.js';
import { type TaskSample, taskSample } from './task-sample.js';

/** What compare needs of a run: its results and its task records. */
export interface ComparableRun {
  results: RunResults;
  tasks: readonly TaskRecord[];
}

export type Verdict = 'better' | 'worse' | 'no significant change' | 'insufficient data';

/** One metric at one level, baseline (A) against candidate (B). */
export interface MetricComparison {
  level: string;
  metric: MetricDefinition;
  baseline: number | null;
  candidate: number | null;
  /** candidate − baseline. */
  change: number | null;
  /** change / baseline. */
  relativeChange: number | null;
  /** 95% percentile-bootstrap interval of the difference (candidate − baseline), resampling tasks. */
  ci95: [number, number] | null;
  /** Two-sided bootstrap p-value of "no difference" (twice the share of replicates across zero). */
  pValue: number | null;
  /** pValue after Holm's adjustment over every metric and level of the comparison. */
  adjustedPValue: number | null;
  verdict: Verdict;
}

export interface RunComparison {
  baselineRunId: string;
  candidateRunId: string;
  suite: string;
  /** True when either run's numbers came from the simulator. */
  simulated: boolean;
  resamples: number;
  seed: number;
  metrics: MetricComparison[];
  /** Levels present in only one of the runs (not compared). */
  unmatchedLevels: string[];
  /** The metrics whose verdict is "worse". */
  regressions: MetricComparison[];
}

export interface CompareOptions {
  /** Family-wise significance level for verdicts (Holm over all metrics and levels). Default 0.05. */
  alpha?: number;
  /** Bootstrap resamples per level; at least 1,000. Default 2,000. */
  resamples?: number;
  /** Seed of the resampling generator, for reproducible intervals. Default 1. */
  seed?: number;
  /** Levels with fewer measured tasks than this on either side get "insufficient data". Default 20. */
  minTasks?: number;
  /**
   * Smallest relative change that earns a verdict even when the interval
   * excludes zero. Many metrics are tested at once, each at 95%, so some
   * intervals miss zero by chance; a floor on the effect keeps trivial
   * moves from failing CI. Default 0.03 (3%).
   */
  minRelativeChange?: number;
}

/**
 * Compares two runs of a suite level by level. Each metric's interval is a
 * percentile bootstrap of the difference: both runs' tasks are resampled
 * independently and the statistic recomputed, which needs no assumption
 * about the latency distribution and suits tail quantiles better than a
 * normal approximation. Verdicts control the family-wise error over all
 * the metrics and levels compared (Holm's step-down method on the
 * bootstrap p-values): with some twenty metrics each tested at 5%, an
 * identical re-run would otherwise "regress" somewhere most of the time.
 */
export function compareRuns(
  baseline: ComparableRun,
  candidate: ComparableRun,
  options: CompareOptions = {},
): RunComparison {
  const resamples = Math.max(1000, options.resamples ?? 2000);
  const seed = options.seed ?? 1;
  const minTasks = options.minTasks ?? 20;
  const minRelativeChange = options.minRelativeChange ?? 0.03;
  const random = seededRandom(seed);
  const candidateLevels = new Map(candidate.results.levels.map((level) => [level.label, level]));
  const baselineLabels = new Set(baseline.results.levels.map((level) => level.label));
  const metrics: MetricComparison[] = [];
  for (const baselineLevel of baseline.results.levels) {
    const candidateLevel = candidateLevels.get(baselineLevel.label);
    if (candidateLevel === undefined) continue;
    const label = baselineLevel.label;
    const left = taskSample(tasksOfLevel(baseline.tasks, label), baselineLevel.wallS, baselineLevel.mode);
    const right = taskSample(tasksOfLevel(candidate.tasks, label), candidateLevel.wallS, candidateLevel.mode);
    const enough = left.e2eMs.length >= minTasks && right.e2eMs.length >= minTasks;
    metrics.push(...compareLevel(label, left, right, enough ? resamples : 0, random));
  }
  applyVerdicts(metrics, options.alpha ?? 0.05, minRelativeChange);
  const unmatchedLevels = [
    ...baseline.results.levels
      .filter((level) => !candidateLevels.has(level.label))
      .map((level) => level.label),
    ...candidate.results.levels
      .filter((level) => !baselineLabels.has(level.label))
      .map((level) => level.label),
  ];
  return {
    baselineRunId: baseline.results.runId,
    candidateRunId: candidate.results.runId,
    suite: candidate.results.suite,
    simulated: baseline.results.simulated || candidate.results.simulated,
    resamples,
    seed,
    metrics,
    unmatchedLevels,
    regressions: metrics.filter((metric) => metric.verdict === 'worse'),
  };
}

function tasksOfLevel(tasks: readonly TaskRecord[], label: string): TaskRecord[] {
  return tasks.filter((task) => task.level === label);
}

function compareLevel(
  level: string,
  left: TaskSample,
  right: TaskSample,
  resamples: number,
  random: () => number,
): MetricComparison[] {
  const baselineStats = sampleStatistics(left, null);
  const candidateStats = sampleStatistics(right, null);
  const replicates = new Map(COMPARED_METRICS.map((metric) => [metric.name, new Float64Array(resamples)]));
  const leftCounts = new Uint32Array(left.e2eMs.length);
  const rightCounts = new Uint32Array(right.e2eMs.length);
  for (let draw = 0; draw < resamples; draw++) {
    const leftStats = sampleStatistics(left, drawResampleCounts(left.e2eMs.length, random, leftCounts));
    const rightStats = sampleStatistics(right, drawResampleCounts(right.e2eMs.length, random, rightCounts));
    for (const metric of COMPARED_METRICS) {
      replicates.get(metric.name)![draw] = difference(leftStats, rightStats, metric.name);
    }
  }
  return COMPARED_METRICS.map((metric) => {
    const baselineValue = baselineStats[metric.name];
    const candidateValue = candidateStats[metric.name];
    const change = baselineValue === null || candidateValue === null ? null : candidateValue - baselineValue;
    const draws = replicates.get(metric.name)!;
    const ci95 = resamples > 0 ? percentileInterval(draws, 0.95) : null;
    return {
      level,
      metric,
      baseline: baselineValue,
      candidate: candidateValue,
      change,
      relativeChange: change === null || !baselineValue ? null : change / Math.abs(baselineValue),
      ci95,
      pValue: ci95 === null ? null : bootstrapPValue(draws),
      adjustedPValue: null,
      verdict: 'insufficient data' as Verdict,
    };
  });
}

/** Twice the share of finite replicates on the far side of zero, with the +1 correction (never exactly 0). */
function bootstrapPValue(draws: Float64Array): number | null {
  let below = 0;
  let above = 0;
  let finite = 0;
  for (const value of draws) {
    if (Number.isNaN(value)) continue;
    finite++;
    if (value <= 0) below++;
    if (value >= 0) above++;
  }
  if (finite === 0) return null;
  return Math.min(1, (2 * (Math.min(below, above) + 1)) / (finite + 1));
}

/** Holm's step-down adjustment, then direction-aware verdicts with a floor on the effect size. */
function applyVerdicts(rows: MetricComparison[], alpha: number, minRelativeChange: number): void {
  const tested = rows
    .filter((row) => row.pValue !== null)
    .sort((left, right) => left.pValue! - right.pValue!);
  let running = 0;
  tested.forEach((row, rank) => {
    running = Math.max(running, Math.min(1, row.pValue! * (tested.length - rank)));
    row.adjustedPValue = running;
  });
  for (const row of rows) {
    if (row.adjustedPValue === null || row.change === null) {
      row.verdict = 'insufficient data';
      continue;
    }
    const smallEffect = row.relativeChange !== null && Math.abs(row.relativeChange) < minRelativeChange;
    if (row.adjustedPValue >= alpha || smallEffect || row.change === 0) {
      row.verdict = 'no significant change';
      continue;
    }
    row.verdict = row.change > 0 === row.metric.lowerIsBetter ? 'worse' : 'better';
  }
}

function difference(left: SampleStatistics, right: SampleStatistics, name: keyof SampleStatistics): number {
  const before = left[name];
  const after = right[name];
  return before === null || after === null ? Number.NaN : after - before;
}

/** Direction-aware: an interval wholly above zero is worse for latency and cost, better for rates. */
export function verdictOf(metric: MetricDefinition, ci95: [number, number] | null): Verdict {
  if (ci95 === null) return 'insufficient data';
  const [low, high] = ci95;
  if (low <= 0 && high >= 0) return 'no significant change';
  const increased = low > 0;
  return increased === metric.lowerIsBetter ? 'worse' : 'better';
}
