import { describe, expect, it } from 'vitest';
import { analyseHistory, eDivisive, type HistorySeries } from '../../src/analysis/index.js';

/**
 * The same series through agentperf's change-point method and Apache Otava
 * (ex-Hunter, E-divisive means as MongoDB runs it), with Otava's published
 * output as the reference:
 * - `local_sample.csv` of Otava's CSV example (examples/csv/data/): its
 *   docs (docs/CSV.md) show `otava analyze local.sample` reporting one
 *   change, in metric2 between aaa5 and aaa6 (−12.9%), and none in metric1.
 * - the series of Otava's `test_single_series` (tests/analysis_test.py),
 *   which asserts a single change at index 10.
 * Only the data and the expected output are taken from Otava.
 */
const METRIC1 = [154023, 138455, 143112, 149190, 132098, 151344, 155145, 148889, 149466, 148209];
const METRIC2 = [10.43, 10.23, 10.29, 10.91, 10.34, 10.69, 9.23, 9.11, 9.13, 9.03];
const SINGLE = [
  1.02, 0.95, 0.99, 1.0, 1.12, 1.0, 1.01, 0.98, 1.01, 0.96, 0.5, 0.51, 0.48, 0.48, 0.55, 0.5, 0.49, 0.51, 0.5,
  0.49,
];

function asHistory(series: Record<string, number[]>): HistorySeries {
  const length = Object.values(series)[0]!.length;
  const runs = Array.from({ length }, (_, index) => ({
    runId: `aaa${index}`,
    suite: 'otava-sample',
    fabric: 'f',
    status: 'complete' as const,
    startedAt: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
    finishedAt: null,
    simulated: false,
    gitRevision: null,
  }));
  return {
    suite: 'otava-sample',
    runs,
    health: runs.map((run) => ({ runId: run.runId, warnings: [], impaired: false })),
    excluded: [],
    series: Object.entries(series).map(([key, values]) => ({
      key,
      group: 'e2e' as const,
      level: 'c1',
      lowerIsBetter: true,
      unit: 'ms' as const,
      values,
    })),
  };
}

describe('agree with Apache Otava on its published examples', () => {
  it('local_sample.csv: one change in metric2 at aaa6 (−12.9%), none in metric1', () => {
    const analysis = analyseHistory(asHistory({ metric1: METRIC1, metric2: METRIC2 }), {
      minRelativeChange: 0.05,
    });
    expect(analysis.moves.map((move) => [move.series.key, move.runId])).toEqual([['metric2', 'aaa6']]);
    const move = analysis.moves[0]!;
    // Otava prints the change of the means of the two sides: −12.9%.
    expect(move.relativeChange).toBeCloseTo(-0.129, 3);
    expect(move.shape).toBe('step');
    expect(move.direction).toBe('better');
    // E-divisive's own permutation test puts the change at the same run.
    expect(eDivisive(METRIC2).map((point) => point.index)).toEqual([6]);
    expect(eDivisive(METRIC1)).toEqual([]);
  });

  it('test_single_series: one change at index 10', () => {
    const analysis = analyseHistory(asHistory({ single: SINGLE }));
    expect(analysis.moves.map((move) => move.runIndex)).toEqual([10]);
    expect(eDivisive(SINGLE, { significance: 't-test' }).map((point) => point.index)).toEqual([10]);
  });
});
