import { changeOnset, driftPValue } from './change-onset.js';
import { type ChangePointOptions, eDivisive, splitTTestPValue } from './change-points.js';
import type { HistorySeries, MetricSeries } from './history-series.js';
import { meanDifference, moments } from './mean-difference.js';
import { benjaminiHochbergAdjust } from './multiple-testing.js';

/** A change in one series, read as a move of that metric. */
export interface MetricMove {
  series: MetricSeries;
  /** `change point`: E-divisive inside the history; `latest run`: the newest run against the stretch before it. */
  test: 'change point' | 'latest run';
  /** `drift`: the metric ramped from the onset; `step`: it jumped there. */
  shape: 'step' | 'drift';
  /** Index into the history's runs of the first run after the change began (the onset). */
  runIndex: number;
  runId: string;
  startedAt: string;
  /** Index of the run where E-divisive split the series (the middle of a drift); equals runIndex for a step. */
  detectedAtIndex: number;
  pValue: number;
  /** Benjamini–Hochberg q-value over every test of every series in this history. */
  adjustedPValue: number;
  /** Mean of the stretch before the onset and after it (stretches end at neighbouring changes). */
  before: number;
  after: number;
  /** after − before, with a 95% Welch t-interval over the runs of the two stretches. */
  change: number;
  ci95: [number, number] | null;
  relativeChange: number;
  /** Runs after the onset that sit nearer the new level than the old one, of `runsAfter`. */
  confirmingRuns: number;
  runsAfter: number;
  direction: 'worse' | 'better';
}

export interface HistoryAnalysis extends HistorySeries {
  moves: MetricMove[];
  /**
   * The bottleneck signal: the earliest significant regression by onset.
   * When several metrics moved at the same run the component metrics (a
   * step, a step kind, a role, a task) come before end-to-end ones: they
   * are the cause the aggregate shows. A step that contains another
   * (`contains`) gives way to the inner one when that moved too, from
   * within one run of it: the outer step only carries the inner one's time.
   * Only a change point with at least `minSegment` runs from its onset on counts:
   * a regression of the latest run alone is in `latestRegressions`, not a
   * mover until a later run confirms it.
   */
  firstMover: MetricMove | null;
  /** The other regressions, in the order they happened (a step the first mover ran inside may have begun first). */
  followers: MetricMove[];
  /** Latest-run regressions: what `history --fail-on-regression` fails on. */
  latestRegressions: MetricMove[];
  /** Tests run across all series (the m of the false-discovery control). */
  tests: number;
  /** The false-discovery rate controlled. */
  falseDiscoveryRate: number;
}

export interface HistoryAnalysisOptions extends ChangePointOptions {
  /** Moves smaller than this relative change are ignored. Default 0.1. */
  minRelativeChange?: number;
  /** False-discovery rate across all series' tests (Benjamini–Hochberg). Default 0.05. */
  falseDiscoveryRate?: number;
  /** Fewest runs before the latest one for the latest-run test. Default 4. */
  minStretch?: number;
  /**
   * A step's, step kind's or role's latency move counts only when it is at
   * least this share of the level's mean e2e p50: a tool going from 0.4 to
   * 0.6 ms is +50% but nothing a user waits for, and on a shared machine such
   * small steps move with the machine's own load. A step kind's
   * critical-path share must move by at least this much in absolute terms
   * (0.01: one percentage point of the task's time). Default 0.01 (1%).
   */
  minShareOfE2e?: number;
}

/** Component series whose moves are weighed against the task's end-to-end time. */
const COMPONENT_GROUPS = new Set<MetricSeries['group']>(['step', 'step kind', 'role']);

const CAUSE_FIRST: Record<MetricSeries['group'], number> = {
  step: 0,
  'step kind': 1,
  role: 2,
  task: 3,
  cost: 4,
  throughput: 5,
  quality: 6,
  e2e: 7,
};

type Candidate = Omit<MetricMove, 'adjustedPValue'>;

/** E-divisive's gate for proposing a candidate change (each is then tested on its own and corrected). */
const CANDIDATE_ALPHA = 0.2;

/**
 * Finds the changes in every series and orders the regressions in time.
 * Each series gets E-divisive change points (each dated at its onset) and
 * a test of its latest run against the stretch since its last change, so
 * a regression in the newest run is caught the day it lands. All those
 * tests across all series are then held to one false-discovery rate
 * (Benjamini–Hochberg): with tens of series, uncorrected tests at 5% would
 * name a false first mover in most flat histories.
 */
export function analyseHistory(
  history: HistorySeries,
  options: HistoryAnalysisOptions = {},
): HistoryAnalysis {
  const minRelativeChange = options.minRelativeChange ?? 0.1;
  const minShareOfE2e = options.minShareOfE2e ?? 0.01;
  const e2eP50 = meanE2eP50ByLevel(history.series);
  const matters = (move: Candidate): boolean => {
    if (!COMPONENT_GROUPS.has(move.series.group)) return true;
    // A critical-path share is already a share of the task's time: 0.2% to 0.4% is +100% and nothing a user waits for.
    if (move.series.unit === 'fraction') return Math.abs(move.change) >= minShareOfE2e;
    if (move.series.unit !== 'ms') return true;
    const reference = e2eP50.get(move.series.level);
    return reference === undefined || Math.abs(move.change) >= minShareOfE2e * reference;
  };
  const falseDiscoveryRate = options.falseDiscoveryRate ?? 0.05;
  const minSegment = Math.max(1, options.minSegment ?? 2);
  const minStretch = Math.max(2, options.minStretch ?? 4);
  const changePointOptions: ChangePointOptions = {
    significance: 't-test',
    ...options,
    // E-divisive only proposes candidates here; each is then tested for its own shape and corrected across series.
    alpha: options.alpha ?? CANDIDATE_ALPHA,
    minSegment,
  };
  const candidates: Candidate[] = [];
  let tests = 0;
  for (const series of history.series) {
    const present: { value: number; runIndex: number }[] = [];
    series.values.forEach((value, runIndex) => {
      if (value !== null && Number.isFinite(value)) present.push({ value, runIndex });
    });
    const values = present.map((entry) => entry.value);
    const points = eDivisive(values, changePointOptions);
    // Every candidate is a test; a series with none still counts as one.
    tests += Math.max(values.length >= 2 * minSegment ? 1 : 0, points.length);
    const onsets: number[] = [];
    let start = 0;
    for (const [order, point] of points.entries()) {
      const end = points[order + 1]?.index ?? values.length;
      if (point.index - start < minSegment) continue;
      const onset = changeOnset(values, start, point.index, end, minSegment);
      // A drift runs on: E-divisive cuts a long ramp into pieces, so it is fitted to the series' end
      // and the later cuts inside it are not separate changes.
      const drift = onset.shape === 'drift';
      const stop = drift ? values.length : end;
      const positions = Math.max(1, stop - start - 2 * minSegment + 1);
      const pValue = drift
        ? driftPValue(values, start, onset.index, stop, positions)
        : splitTTestPValue(values.slice(start, stop), onset.index - start, minSegment);
      onsets.push(onset.index);
      const candidate = describeMove(series, history, present, {
        before: values.slice(start, onset.index),
        after: values.slice(onset.index, stop),
        onset: onset.index,
        detectedAt: point.index,
        pValue,
        test: 'change point',
        shape: onset.shape,
      });
      if (candidate !== null) candidates.push(candidate);
      if (drift) break;
      start = onset.index;
    }
    // The latest run against the stretch since the last change (which it cannot be part of).
    const lastIndex = values.length - 1;
    const stretchStart = Math.max(0, ...onsets.filter((onset) => onset < lastIndex));
    const stretch = values.slice(stretchStart, lastIndex);
    if (stretch.length >= minStretch && !points.some((point) => point.index === lastIndex)) {
      tests++;
      const estimate = meanDifference(stretch, [values[lastIndex]!], false);
      if (estimate !== null) {
        const candidate = describeMove(series, history, present, {
          before: stretch,
          after: [values[lastIndex]!],
          onset: lastIndex,
          detectedAt: lastIndex,
          pValue: estimate.pValue,
          test: 'latest run',
          shape: 'step',
        });
        if (candidate !== null) candidates.push(candidate);
      }
    }
  }
  // m counts every test run, found or not: a correction over the found ones alone would be no correction.
  const padded = [
    ...candidates.map((candidate) => candidate.pValue),
    ...new Array(Math.max(0, tests - candidates.length)).fill(1),
  ];
  const adjusted = benjaminiHochbergAdjust(padded);
  const moves: MetricMove[] = candidates
    .map((candidate, index) => ({ ...candidate, adjustedPValue: adjusted[index]! }))
    .filter(
      (move) =>
        move.adjustedPValue <= falseDiscoveryRate &&
        Math.abs(move.relativeChange) >= minRelativeChange &&
        matters(move),
    );
  moves.sort(
    (left, right) =>
      left.runIndex - right.runIndex ||
      CAUSE_FIRST[left.series.group] - CAUSE_FIRST[right.series.group] ||
      Math.abs(right.relativeChange) - Math.abs(left.relativeChange),
  );
  const regressions = moves.filter((move) => move.direction === 'worse');
  // One run is not yet a mover: a run-to-run outlier at the end (a slow CPU-bound tool's p95) would
  // otherwise be named the bottleneck, by the latest-run test or as a "drift" whose onset is the last
  // run; it shows as a latest-run regression until later runs confirm it.
  const firstMover = innermostMove(
    regressions.filter((move) => move.test === 'change point' && move.runsAfter >= minSegment),
    history.contains ?? {},
  );
  return {
    ...history,
    moves,
    firstMover,
    followers: regressions.filter((move) => move !== firstMover),
    latestRegressions: regressions.filter((move) => move.test === 'latest run'),
    tests,
    falseDiscoveryRate,
  };
}

/**
 * The earliest regression, or, when it is a step with steps inside it, the
 * innermost of those that regressed from within one run of it (a slower
 * embedding call makes the retrieval span around it slower too).
 */
function innermostMove(
  regressions: readonly MetricMove[],
  contains: Readonly<Record<string, readonly string[]>>,
): MetricMove | null {
  let current = regressions[0];
  if (current === undefined) return null;
  const seen = new Set<MetricMove>([current]);
  for (;;) {
    const outer: MetricMove = current;
    const inside = contains[outer.series.key];
    if (inside === undefined) return outer;
    const inner = regressions.find(
      (move) => !seen.has(move) && inside.includes(move.series.key) && move.runIndex <= outer.runIndex + 1,
    );
    if (inner === undefined) return outer;
    seen.add(inner);
    current = inner;
  }
}

/** Mean over the runs of each level's e2e p50 (the yardstick of `minShareOfE2e`). */
function meanE2eP50ByLevel(series: readonly MetricSeries[]): Map<string, number> {
  const means = new Map<string, number>();
  for (const entry of series) {
    if (entry.group !== 'e2e' || !entry.key.startsWith('e2e p50 @ ')) continue;
    const values = entry.values.filter((value): value is number => value !== null && Number.isFinite(value));
    if (values.length > 0)
      means.set(entry.level, values.reduce((sum, value) => sum + value, 0) / values.length);
  }
  return means;
}

function describeMove(
  series: MetricSeries,
  history: HistorySeries,
  present: readonly { value: number; runIndex: number }[],
  found: {
    before: number[];
    after: number[];
    onset: number;
    detectedAt: number;
    pValue: number;
    test: MetricMove['test'];
    shape: MetricMove['shape'];
  },
): Candidate | null {
  if (found.before.length === 0 || found.after.length === 0) return null;
  const before = moments(found.before).mean;
  const after = moments(found.after).mean;
  const change = after - before;
  const estimate = meanDifference(found.before, found.after, false);
  const midpoint = (before + after) / 2;
  const confirmingRuns = found.after.filter((value) =>
    change >= 0 ? value > midpoint : value < midpoint,
  ).length;
  const runIndex = present[found.onset]!.runIndex;
  const run = history.runs[runIndex]!;
  return {
    series,
    test: found.test,
    shape: found.shape,
    runIndex,
    runId: run.runId,
    startedAt: run.startedAt,
    detectedAtIndex: present[found.detectedAt]!.runIndex,
    pValue: found.pValue,
    before,
    after,
    change,
    ci95: estimate?.ci95 ?? null,
    relativeChange: before === 0 ? 0 : change / Math.abs(before),
    confirmingRuns,
    runsAfter: found.after.length,
    direction: after > before === series.lowerIsBetter ? 'worse' : 'better',
  };
}
