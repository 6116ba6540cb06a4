import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { drawResampleCounts, percentileInterval } from './bootstrap.js';
import { type RunHealth, partitionImpaired, runHealth } from './harness-health.js';
import { meanDifference, moments } from './mean-difference.js';
import { COMPARED_METRICS, type MetricDefinition } from './metric-directions.js';
import { benjaminiHochbergAdjust, holmAdjust } from './multiple-testing.js';
import { seededRandom } from './random.js';
import { type SampleStatistics, sampleStatistics } from './sample-statistics.js';
import { compareSteps, explainLevel, type LevelExplanation, type StepComparison } from './step-comparison.js';
import { type LevelStepFigures, levelStepFigures } from './step-statistics.js';
import { type TaskSample, taskSample } from './task-sample.js';

/** What compare needs of a run: its results, task records and (for step rows) spans. */
export interface ComparableRun {
  results: RunResults;
  tasks: readonly TaskRecord[];
  spans?: readonly SpanRecord[];
}

/** One side of a comparison: a run, or the runs of a group (repeats of one configuration). */
export type ComparisonSide = ComparableRun | readonly ComparableRun[];

export type Verdict = 'better' | 'worse' | 'no significant change' | 'insufficient data';

/** One metric at one level, baseline (A) against candidate (B). */
export interface MetricComparison {
  level: string;
  metric: MetricDefinition;
  /** Mean over the side's runs of the per-run statistic (the statistic itself for one run). */
  baseline: number | null;
  candidate: number | null;
  /** The per-run values each mean is made of, in run order (paired order when paired). */
  baselineRuns: (number | null)[];
  candidateRuns: (number | null)[];
  /** candidate − baseline. */
  change: number | null;
  /** change / baseline. */
  relativeChange: number | null;
  /**
   * 95% interval of the difference. `between runs`: a t-interval over the
   * per-run statistics (includes run-to-run variance). `within run`: a
   * bootstrap of tasks inside one run a side, which does not.
   */
  ci95: [number, number] | null;
  interval: 'between runs' | 'within run';
  /** Two-sided p-value of "no difference". */
  pValue: number | null;
  /** pValue adjusted over every metric and level of the comparison (see `RunComparison.correction`). */
  adjustedPValue: number | null;
  verdict: Verdict;
}

export interface RunComparison {
  /** Ids of the runs used as evidence, per side (impaired runs excluded unless asked). */
  baselineRunIds: string[];
  candidateRunIds: string[];
  /** Short name per side: the run id, or "N runs (group g-…)". */
  baselineLabel: string;
  candidateLabel: string;
  suite: string;
  /** True when either run's numbers came from the simulator. */
  simulated: boolean;
  /** `repeated runs`: verdicts rest on run-to-run variance; `single runs`: they cannot. */
  evidence: 'repeated runs' | 'single runs';
  /** True when runs were paired by seed (same plan on both sides). */
  paired: boolean;
  /** Single runs a side: the smallest relative change that counts as a regression (run-to-run noise). */
  noiseFloor: number;
  /** How p-values were adjusted over every metric and level: `bh` (false-discovery rate) or `holm` (family-wise). */
  correction: Correction;
  resamples: number;
  seed: number;
  /** Harness health of every run given, per side, excluded ones included. */
  health: { baseline: RunHealth[]; candidate: RunHealth[] };
  /** Runs left out because their harness warned (pass includeImpaired to keep them). */
  excluded: RunHealth[];
  metrics: MetricComparison[];
  /** Per step kind and per role rows (durations, critical-path time, waits). */
  steps: StepComparison[];
  /** Per level: which step kinds' critical-path change explains the end-to-end change. */
  explanations: LevelExplanation[];
  /** Levels present in only one of the sides (not compared). */
  unmatchedLevels: string[];
  /** The metrics whose verdict is "worse". */
  regressions: MetricComparison[];
  /** Plain sentences the reader must see (evidence limits, exclusions). */
  notes: string[];
}

/**
 * `bh`: Benjamini–Hochberg over every metric and level. Between identical
 * configurations every null is true, and then the false-discovery rate is
 * the chance of any false verdict, so the false-alarm rate stays at alpha;
 * when a change is real it moves several numbers together (p50, p95, steps/s
 * at each level) and BH calls them with far fewer runs than Holm, which
 * divides alpha by every row. `holm`: the chance of any false verdict stays
 * under alpha even beside real changes elsewhere, at that cost in power.
 */
export type Correction = 'bh' | 'holm';

export interface CompareOptions {
  /** Significance level for verdicts (false-discovery rate with `bh`, family-wise with `holm`). Default 0.05. */
  alpha?: number;
  /** Multiple-testing adjustment over every metric and level. Default `bh`. */
  correction?: Correction;
  /** Bootstrap resamples per level (single runs only); at least 1,000. Default 2,000. */
  resamples?: number;
  /** Seed of the resampling generator, for reproducible intervals. Default 1. */
  seed?: number;
  /** Levels with fewer measured tasks than this in a run get "insufficient data". Default 20. */
  minTasks?: number;
  /**
   * Smallest relative change that earns a verdict even when the interval
   * excludes zero, so trivial moves do not fail CI. Default 0.03 (3%).
   */
  minRelativeChange?: number;
  /**
   * With one run a side, the relative change a metric must exceed to be
   * called worse or better: the run-to-run spread measured on identical
   * configurations (docs/metrics.md). Default NOISE_FLOOR.
   */
  noiseFloor?: number;
  /** Keep runs whose harness warned (they are excluded by default). */
  includeImpaired?: boolean;
}

/**
 * Relative change of a metric between two single runs of one configuration
 * that different seeds and machine noise alone produce in 95% of
 * comparisons, measured with `npm run bench -- diagnostics` (docs/metrics.md).
 */
export const NOISE_FLOOR = 0.15;

/**
 * Compares two sides of runs level by level. With several runs a side the
 * run is the unit of evidence: each metric is computed per run and the
 * difference of means gets a t-interval over those per-run values (paired
 * by seed when both sides ran the same plan), because runs differ more than
 * tasks within a run and a task bootstrap would mistake that for a change.
 * With one run a side the within-run bootstrap interval is reported for
 * what it is, and a verdict needs a change beyond the noise floor.
 * Verdicts control the false-discovery rate over all rows (Benjamini–Hochberg;
 * Holm's family-wise error on request).
 */
export function compareRuns(
  baselineSide: ComparisonSide,
  candidateSide: ComparisonSide,
  options: CompareOptions = {},
): RunComparison {
  const baselineAll = asList(baselineSide);
  const candidateAll = asList(candidateSide);
  const includeImpaired = options.includeImpaired ?? false;
  const left = partitionImpaired(baselineAll, includeImpaired);
  const right = partitionImpaired(candidateAll, includeImpaired);
  const resamples = Math.max(1000, options.resamples ?? 2000);
  const seed = options.seed ?? 1;
  const minTasks = options.minTasks ?? 20;
  const minRelativeChange = options.minRelativeChange ?? 0.03;
  const noiseFloor = options.noiseFloor ?? NOISE_FLOOR;
  const notes: string[] = [];
  const pairing = pairBySeed(left.kept, right.kept);
  const baseline = pairing?.baseline ?? left.kept;
  const candidate = pairing?.candidate ?? right.kept;
  const repeated = baseline.length >= 2 || candidate.length >= 2;
  const excluded = [...left.excluded, ...right.excluded];
  if (excluded.length > 0) {
    notes.push(
      `${excluded.length} run(s) left out because the harness warned it may have distorted them ` +
        `(${excluded.map((health) => health.runId).join(', ')}); pass --include-impaired to keep them`,
    );
  }
  const impairedKept = [...left.kept, ...right.kept].filter((run) => runHealth(run.results).impaired);
  if (impairedKept.length > 0)
    notes.push(`${impairedKept.length} impaired run(s) kept as evidence (--include-impaired)`);
  if (baseline.length === 0 || candidate.length === 0)
    notes.push('a side has no run left to compare: nothing can be concluded');
  else if (!repeated)
    notes.push(
      'one run a side: this cannot separate a change from run-to-run noise. Intervals are within-run ' +
        `(tasks resampled) and a verdict needs a change beyond the ${Math.round(noiseFloor * 100)}% noise floor; ` +
        'repeat each side (`run --repeat 5`, at least 30 tasks a level) for a verdict that can be trusted',
    );
  const levels = commonLevels(baseline, candidate);
  const metrics: MetricComparison[] = [];
  const steps: StepComparison[] = [];
  const explanations: LevelExplanation[] = [];
  const random = seededRandom(seed);
  for (const label of levels) {
    const leftSamples = baseline.map((run) => levelSample(run, label));
    const rightSamples = candidate.map((run) => levelSample(run, label));
    const enough = [...leftSamples, ...rightSamples].every((sample) => sample.e2eMs.length >= minTasks);
    if (repeated)
      metrics.push(...compareAcrossRuns(label, leftSamples, rightSamples, enough, pairing !== null));
    else if (leftSamples.length === 1 && rightSamples.length === 1)
      metrics.push(
        ...compareWithinRun(label, leftSamples[0]!, rightSamples[0]!, enough ? resamples : 0, random),
      );
    const leftSteps = baseline.map((run) => stepFiguresOf(run, label));
    const rightSteps = candidate.map((run) => stepFiguresOf(run, label));
    if (leftSteps.every((figures) => figures !== null) && rightSteps.every((figures) => figures !== null)) {
      const rows = compareSteps(label, leftSteps as LevelStepFigures[], rightSteps as LevelStepFigures[], {
        paired: pairing !== null,
        minRelativeChange,
      });
      steps.push(...rows);
      const e2eMeans = (samples: TaskSample[]) => samples.map((sample) => meanOf(sample.e2eMs));
      explanations.push(
        explainLevel(label, rows, e2eMeans(leftSamples), e2eMeans(rightSamples), pairing !== null),
      );
    }
  }
  const correction = options.correction ?? 'bh';
  applyVerdicts(
    metrics,
    correction,
    options.alpha ?? 0.05,
    repeated ? minRelativeChange : Math.max(minRelativeChange, noiseFloor),
  );
  const baselineLevels = new Set(baseline.flatMap((run) => run.results.levels.map((level) => level.label)));
  const candidateLevels = new Set(candidate.flatMap((run) => run.results.levels.map((level) => level.label)));
  const unmatchedLevels = [
    ...[...baselineLevels].filter((label) => !levels.includes(label)),
    ...[...candidateLevels].filter((label) => !levels.includes(label) && !baselineLevels.has(label)),
  ];
  const all = [...baselineAll, ...candidateAll];
  return {
    baselineRunIds: baseline.map((run) => run.results.runId),
    candidateRunIds: candidate.map((run) => run.results.runId),
    baselineLabel: sideLabel(baseline),
    candidateLabel: sideLabel(candidate),
    suite: candidateAll[0]?.results.suite ?? baselineAll[0]?.results.suite ?? '',
    simulated: all.some((run) => run.results.simulated),
    evidence: repeated ? 'repeated runs' : 'single runs',
    paired: pairing !== null,
    noiseFloor,
    correction,
    resamples,
    seed,
    health: {
      baseline: baselineAll.map((run) => runHealth(run.results)),
      candidate: candidateAll.map((run) => runHealth(run.results)),
    },
    excluded,
    metrics,
    steps,
    explanations,
    unmatchedLevels,
    regressions: metrics.filter((metric) => metric.verdict === 'worse'),
    notes,
  };
}

function asList(side: ComparisonSide): ComparableRun[] {
  return Array.isArray(side) ? [...(side as readonly ComparableRun[])] : [side as ComparableRun];
}

/** "run-id", or "3 runs (group g-…)" / "3 runs". */
function sideLabel(runs: readonly ComparableRun[]): string {
  if (runs.length === 1) return runs[0]!.results.runId;
  const groups = new Set(runs.map((run) => run.results.group?.id ?? null));
  const group = groups.size === 1 ? [...groups][0] : null;
  return `${runs.length} runs${group === null || group === undefined ? '' : ` (group ${group})`}`;
}

/**
 * Pairs runs by seed when both sides hold the same seeds once each and ran
 * the same tasks and levels: then run i of A and run i of B executed the
 * same cases in the same order, and their difference cancels the case mix.
 */
function pairBySeed(
  baseline: readonly ComparableRun[],
  candidate: readonly ComparableRun[],
): { baseline: ComparableRun[]; candidate: ComparableRun[] } | null {
  if (baseline.length < 2 || baseline.length !== candidate.length) return null;
  const bySeed = (runs: readonly ComparableRun[]) => new Map(runs.map((run) => [run.results.seed, run]));
  const left = bySeed(baseline);
  const right = bySeed(candidate);
  if (left.size !== baseline.length || right.size !== candidate.length) return null;
  const seeds = [...left.keys()].sort((a, b) => a - b);
  if (!seeds.every((seed) => right.has(seed))) return null;
  const plan = (run: ComparableRun) =>
    JSON.stringify([
      (run.results.config as { taskNames?: unknown } | null)?.taskNames ?? null,
      run.results.levels.map((level) => level.label),
    ]);
  if (!seeds.every((seed) => plan(left.get(seed)!) === plan(right.get(seed)!))) return null;
  return { baseline: seeds.map((seed) => left.get(seed)!), candidate: seeds.map((seed) => right.get(seed)!) };
}

/** Levels every run on both sides has, in the first baseline run's order. */
function commonLevels(baseline: readonly ComparableRun[], candidate: readonly ComparableRun[]): string[] {
  const first = baseline[0] ?? candidate[0];
  if (first === undefined) return [];
  const all = [...baseline, ...candidate];
  return first.results.levels
    .map((level) => level.label)
    .filter((label) => all.every((run) => run.results.levels.some((level) => level.label === label)));
}

function levelSample(run: ComparableRun, label: string): TaskSample {
  const level = run.results.levels.find((entry) => entry.label === label)!;
  return taskSample(
    run.tasks.filter((task) => task.level === label),
    level.wallS,
    level.mode,
  );
}

function stepFiguresOf(run: ComparableRun, label: string): LevelStepFigures | null {
  if (run.spans === undefined || run.spans.length === 0) return null;
  return levelStepFigures(
    run.tasks.filter((task) => task.level === label),
    run.spans,
  );
}

function meanOf(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

function compareAcrossRuns(
  level: string,
  left: TaskSample[],
  right: TaskSample[],
  enough: boolean,
  paired: boolean,
): MetricComparison[] {
  const leftStats = left.map((sample) => sampleStatistics(sample, null));
  const rightStats = right.map((sample) => sampleStatistics(sample, null));
  return COMPARED_METRICS.map((metric) => {
    const baselineRuns = leftStats.map((stats) => stats[metric.name]);
    const candidateRuns = rightStats.map((stats) => stats[metric.name]);
    const complete = [...baselineRuns, ...candidateRuns].every((value) => value !== null);
    const baseline = complete ? moments(baselineRuns as number[]).mean : null;
    const candidate = complete ? moments(candidateRuns as number[]).mean : null;
    const change = baseline === null || candidate === null ? null : candidate - baseline;
    const estimate =
      complete && enough ? meanDifference(baselineRuns as number[], candidateRuns as number[], paired) : null;
    return {
      level,
      metric,
      baseline,
      candidate,
      baselineRuns,
      candidateRuns,
      change,
      relativeChange: change === null || !baseline ? null : change / Math.abs(baseline),
      ci95: estimate?.ci95 ?? null,
      interval: 'between runs' as const,
      pValue: estimate?.pValue ?? null,
      adjustedPValue: null,
      verdict: 'insufficient data' as Verdict,
    };
  });
}

function compareWithinRun(
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
    const leftDraw = sampleStatistics(left, drawResampleCounts(left.e2eMs.length, random, leftCounts));
    const rightDraw = sampleStatistics(right, drawResampleCounts(right.e2eMs.length, random, rightCounts));
    for (const metric of COMPARED_METRICS) {
      replicates.get(metric.name)![draw] = difference(leftDraw, rightDraw, metric.name);
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
      baselineRuns: [baselineValue],
      candidateRuns: [candidateValue],
      change,
      relativeChange: change === null || !baselineValue ? null : change / Math.abs(baselineValue),
      ci95,
      interval: 'within run' as const,
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

/** The multiple-testing adjustment, then direction-aware verdicts with a floor on the effect size. */
function applyVerdicts(
  rows: MetricComparison[],
  correction: Correction,
  alpha: number,
  minRelativeChange: number,
): void {
  const pValues = rows.map((row) => row.pValue);
  const adjusted = correction === 'holm' ? holmAdjust(pValues) : benjaminiHochbergAdjust(pValues);
  rows.forEach((row, index) => {
    row.adjustedPValue = adjusted[index] ?? null;
    if (row.adjustedPValue === null || row.change === null) {
      row.verdict = 'insufficient data';
      return;
    }
    const smallEffect = row.relativeChange !== null && Math.abs(row.relativeChange) < minRelativeChange;
    if (row.adjustedPValue >= alpha || smallEffect || row.change === 0) {
      row.verdict = 'no significant change';
      return;
    }
    row.verdict = row.change > 0 === row.metric.lowerIsBetter ? 'worse' : 'better';
  });
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
