import { type ChangePointOptions, eDivisive } from './change-points.js';
import type { HistorySeries, MetricSeries } from './history-series.js';

/** A change point in one series, read as a move of that metric. */
export interface MetricMove {
  series: MetricSeries;
  /** Index into the history's runs of the first run after the change. */
  runIndex: number;
  runId: string;
  startedAt: string;
  pValue: number;
  /** Mean of the segment before and after the change (segments end at neighbouring change points). */
  before: number;
  after: number;
  relativeChange: number;
  direction: 'worse' | 'better';
}

export interface HistoryAnalysis extends HistorySeries {
  moves: MetricMove[];
  /**
   * The bottleneck signal: the earliest significant regression. When
   * several metrics moved at the same run the component metrics (a step,
   * a step kind, a task) come before end-to-end ones: they are the cause
   * the aggregate shows.
   */
  firstMover: MetricMove | null;
  /** Regressions after the first mover, in the order they happened. */
  followers: MetricMove[];
}

export interface HistoryAnalysisOptions extends ChangePointOptions {
  /** Moves smaller than this relative change are ignored: with many series tested, small noisy moves are where false alarms live. Default 0.1. */
  minRelativeChange?: number;
}

const CAUSE_FIRST: Record<MetricSeries['group'], number> = {
  step: 0,
  'step kind': 1,
  task: 2,
  cost: 3,
  throughput: 4,
  quality: 5,
  e2e: 6,
};

/** Finds change points in every series and orders the regressions in time. */
export function analyseHistory(
  history: HistorySeries,
  options: HistoryAnalysisOptions = {},
): HistoryAnalysis {
  const minRelativeChange = options.minRelativeChange ?? 0.1;
  const moves: MetricMove[] = [];
  for (const series of history.series) {
    const present: { value: number; runIndex: number }[] = [];
    series.values.forEach((value, runIndex) => {
      if (value !== null && Number.isFinite(value)) present.push({ value, runIndex });
    });
    const values = present.map((entry) => entry.value);
    const points = eDivisive(values, options);
    const bounds = [0, ...points.map((point) => point.index), values.length];
    points.forEach((point, order) => {
      const before = average(values.slice(bounds[order]!, point.index));
      const after = average(values.slice(point.index, bounds[order + 2]!));
      const relativeChange = before === 0 ? 0 : (after - before) / Math.abs(before);
      if (Math.abs(relativeChange) < minRelativeChange) return;
      const runIndex = present[point.index]!.runIndex;
      const run = history.runs[runIndex]!;
      moves.push({
        series,
        runIndex,
        runId: run.runId,
        startedAt: run.startedAt,
        pValue: point.pValue,
        before,
        after,
        relativeChange,
        direction: after > before === series.lowerIsBetter ? 'worse' : 'better',
      });
    });
  }
  moves.sort(
    (left, right) =>
      left.runIndex - right.runIndex ||
      CAUSE_FIRST[left.series.group] - CAUSE_FIRST[right.series.group] ||
      Math.abs(right.relativeChange) - Math.abs(left.relativeChange),
  );
  const regressions = moves.filter((move) => move.direction === 'worse');
  return { ...history, moves, firstMover: regressions[0] ?? null, followers: regressions.slice(1) };
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}
