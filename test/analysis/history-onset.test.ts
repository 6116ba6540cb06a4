import { describe, expect, it } from 'vitest';
import {
  analyseHistory,
  changeOnset,
  eDivisive,
  historySeries,
  permutationPValue,
  seededRandom,
} from '../../src/analysis/index.js';
import { historyCommand } from '../../src/commands/history.js';
import { MemoryStore } from '../report/support/memory-store.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

function weekly(index: number): string {
  return new Date(Date.UTC(2026, 0, 5) + index * 7 * 86_400_000).toISOString();
}

/**
 * A store of `runs` synthetic runs whose results carry planted values:
 * `tool(index)` multiplies the tool step kind's p95 and critical share,
 * `e2e(index)` the end-to-end p95; every value gets ±3% noise.
 */
function plantedStore(
  runs: number,
  seed: number,
  tool: (index: number) => number,
  e2e: (index: number) => number = () => 1,
): MemoryStore {
  const store = new MemoryStore();
  const random = seededRandom(seed);
  const noise = () => 1 + (random() - 0.5) * 0.06;
  for (let index = 0; index < runs; index++) {
    const run = syntheticRun({
      seed: seed + index,
      runId: `w${index}`,
      concurrencies: [4],
      tasksPerLevel: 10,
      startedAt: weekly(index),
    });
    const level = run.results.levels[0]!;
    // The planted figures stand for percentiles of enough samples: a p95 of fewer than 20 is left out.
    level.tasksCompleted = 200;
    level.tasksPassed = 200;
    for (const block of Object.values(level.byTask)) block.tasksCompleted = 100;
    for (const summary of Object.values(level.byStepKind)) {
      summary.count = 100;
      summary.ms.p50 = 100 * noise();
      summary.ms.p95 = 200 * noise();
      summary.criticalPathShare = 0.2 * noise();
    }
    level.byStepKind.tool!.ms.p95 = 300 * tool(index) * noise();
    level.e2eMs.p50 = 1000 * noise();
    level.e2eMs.p95 = 2500 * e2e(index) * noise();
    level.e2eMs.p99 = 3000 * noise();
    level.passedE2eMs.p95 = 2500 * noise();
    level.stepsPerSecond = 10 * noise();
    level.costPerTaskUsd.mean = 0.01 * noise();
    level.costPerPassedTaskUsd = 0.012 * noise();
    for (const block of Object.values(level.byTask)) block.e2eMs.p95 = 2000 * noise();
    store.add(run);
  }
  return store;
}

const ONSET = 3; // run 4 of 10

describe('history change points', () => {
  it('dates a drift at its onset, not the middle of the ramp, and names the drifting step kind', async () => {
    let named = 0;
    let dated = 0;
    const series = 8;
    for (let trial = 0; trial < series; trial++) {
      // From run 4 the tool gets 8% slower each run: the drifting tool.
      const store = plantedStore(10, 500 + trial * 31, (index) => 1 + 0.08 * Math.max(0, index - ONSET + 1));
      const analysis = analyseHistory(
        await historySeries(store, { suite: 'demo-suite', includeSpans: false }),
      );
      const first = analysis.firstMover;
      if (first?.series.key === 'tool p95 @ c4') named++;
      if (first !== null && Math.abs(first.runIndex - ONSET) <= 1) dated++;
    }
    expect(named).toBe(series);
    expect(dated).toBe(series);
  });

  it('reports size with an interval and the runs that confirm it', async () => {
    const store = plantedStore(12, 77, (index) => (index >= 5 ? 1.5 : 1));
    const analysis = analyseHistory(await historySeries(store, { suite: 'demo-suite', includeSpans: false }));
    const move = analysis.moves.find((entry) => entry.series.key === 'tool p95 @ c4')!;
    expect(move.test).toBe('change point');
    expect(move.shape).toBe('step');
    expect(move.runId).toBe('w5');
    expect(move.relativeChange).toBeGreaterThan(0.4);
    expect(move.ci95![0]).toBeGreaterThan(0);
    expect(move.ci95![0]).toBeLessThan(move.change);
    expect(move.ci95![1]).toBeGreaterThan(move.change);
    expect(move.confirmingRuns).toBe(7);
    expect(move.runsAfter).toBe(7);
    expect(move.adjustedPValue).toBeGreaterThanOrEqual(move.pValue);
  });

  it('tests the latest run against the stretch before it, so --fail-on-regression fires', async () => {
    const store = plantedStore(10, 91, (index) => (index === 9 ? 1.4 : 1));
    const analysis = analyseHistory(await historySeries(store, { suite: 'demo-suite', includeSpans: false }));
    expect(analysis.latestRegressions.map((move) => move.series.key)).toContain('tool p95 @ c4');
    expect(analysis.latestRegressions[0]!.test).toBe('latest run');
    const write = () => {};
    const root = '/tmp';
    expect(
      await historyCommand(
        { failOnRegression: true, out: root, format: 'md' },
        { store, runsDir: root, write },
      ),
    ).toBe(1);
    expect(await historyCommand({ out: root, format: 'md' }, { store, runsDir: root, write })).toBe(0);
    const flat = plantedStore(10, 92, () => 1);
    expect(
      await historyCommand(
        { failOnRegression: true, out: root, format: 'md' },
        { store: flat, runsDir: root, write },
      ),
    ).toBe(0);
  });

  it('names a false first mover in at most 5% of flat histories (false discoveries controlled across series)', async () => {
    let falseFirstMovers = 0;
    const histories = 60;
    for (let trial = 0; trial < histories; trial++) {
      const store = plantedStore(10, 9000 + trial * 17, () => 1);
      const analysis = analyseHistory(
        await historySeries(store, { suite: 'demo-suite', includeSpans: false }),
      );
      if (analysis.firstMover !== null) falseFirstMovers++;
      expect(analysis.tests).toBeGreaterThan(15);
    }
    expect(falseFirstMovers).toBeLessThanOrEqual(3);
  });

  it('leaves out runs whose harness warned unless asked, and says so', async () => {
    const store = new MemoryStore();
    for (let index = 0; index < 4; index++)
      store.add(
        syntheticRun({
          seed: index,
          runId: `m${index}`,
          concurrencies: index === 2 ? [64] : [1],
          tasksPerLevel: 5,
          startedAt: weekly(index),
        }),
      );
    const strict = await historySeries(store, { suite: 'demo-suite', includeSpans: false });
    expect(strict.excluded.map((run) => run.runId)).toEqual(['m2']);
    expect(strict.runs.map((run) => run.runId)).toEqual(['m0', 'm1', 'm3']);
    const kept = await historySeries(store, {
      suite: 'demo-suite',
      includeSpans: false,
      includeImpaired: true,
    });
    expect(kept.runs).toHaveLength(4);
    expect(kept.health[2]!.impaired).toBe(true);
  });
});

describe('change-point building blocks', () => {
  it('changeOnset tells a drift from a step', () => {
    const ramp = [100, 101, 99, 108, 116, 124, 132, 140, 148, 156];
    // E-divisive splits a ramp near its middle; the onset search walks back to where it began.
    expect(changeOnset(ramp, 0, 6, ramp.length, 2)).toEqual({ index: 3, shape: 'drift' });
    const step = [100, 101, 99, 100, 150, 151, 149, 150];
    expect(changeOnset(step, 0, 4, step.length, 2)).toEqual({ index: 4, shape: 'step' });
  });

  it('honours the minimum segment size', () => {
    const early = [10, 10.2, 20, 20.1, 19.9, 20.2, 20, 19.8, 20.1, 20];
    expect(eDivisive(early, { minSegment: 2 }).map((point) => point.index)).toEqual([2]);
    // With three runs required on each side a change after two runs cannot be reported.
    expect(eDivisive(early, { minSegment: 3 }).map((point) => point.index)).not.toContain(2);
    expect(eDivisive([1, 1, 5], { minSegment: 2 })).toEqual([]);
  });

  it('the permutation p-value of a perfect 4|4 split is 2/C(8,4), the share of shuffles that split as cleanly', () => {
    const values = [0, 0, 0, 0, 1, 1, 1, 1];
    const random = seededRandom(5);
    // Only the two arrangements 0000|1111 and 1111|0000 reach the observed statistic: p = 2/70.
    const p = permutationPValue(values, statisticOfPerfectSplit(), 2, 4999, random);
    expect(p).toBeGreaterThan(0.022);
    expect(p).toBeLessThan(0.036);
  });
});

/** Q of 0000|1111: m = k = 4, mean cross distance 1, within 0: (16/8)·2·1 = 4. */
function statisticOfPerfectSplit(): number {
  return ((4 * 4) / 8) * ((2 * 16) / 16);
}
