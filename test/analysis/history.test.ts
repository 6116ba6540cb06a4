import { describe, expect, it } from 'vitest';
import { analyseHistory, eDivisive, historySeries, seededRandom } from '../../src/analysis/index.js';
import { MemoryStore } from '../report/support/memory-store.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

const RUNS = 16;
const TOOL_STEP = 6;
const E2E_STEP = 8;

function weekly(index: number): string {
  return new Date(Date.UTC(2026, 0, 5) + index * 7 * 86_400_000).toISOString();
}

describe('eDivisive', () => {
  const random = seededRandom(3);
  const noisy = (level: number) => level * (1 + (random() - 0.5) * 0.1);

  it('locates a single step at the run it happened', () => {
    const values = Array.from({ length: 16 }, (_, index) => noisy(index >= 6 ? 1.5 : 1));
    expect(eDivisive(values).map((point) => point.index)).toEqual([6]);
  });

  it('finds two steps and none in a flat noisy series', () => {
    const values = Array.from({ length: 20 }, (_, index) => noisy(index >= 12 ? 2 : index >= 5 ? 1.4 : 1));
    expect(eDivisive(values).map((point) => point.index)).toEqual([5, 12]);
    const flat = Array.from({ length: 20 }, () => noisy(1));
    expect(eDivisive(flat)).toEqual([]);
  });
});

describe('history', () => {
  it('names the tool that slowed two runs before e2e p95 crossed as the first mover', async () => {
    const store = new MemoryStore();
    const random = seededRandom(17);
    const noise = () => 1 + (random() - 0.5) * 0.06;
    for (let index = 0; index < RUNS; index++) {
      const run = syntheticRun({
        seed: 100 + index,
        runId: `w${index}`,
        concurrencies: [16],
        tasksPerLevel: 40,
        startedAt: weekly(index),
      });
      const level = run.results.levels[0]!;
      // Planted: the tool's p95 steps up at run 6; end-to-end p95 only crosses at run 8
      // (its queueing headroom absorbed the first two weeks).
      level.byStepKind.tool!.ms.p95 = 300 * (index >= TOOL_STEP ? 1.8 : 1) * noise();
      level.e2eMs.p95 = 2500 * (index >= E2E_STEP ? 1.3 : 1) * noise();
      store.add(run);
    }
    const analysis = analyseHistory(await historySeries(store, { suite: 'demo-suite', includeSpans: false }));
    expect(analysis.runs.map((run) => run.runId)).toEqual(
      Array.from({ length: RUNS }, (_, index) => `w${index}`),
    );
    expect(analysis.firstMover?.series.key).toBe('tool p95 @ c16');
    expect(analysis.firstMover?.runId).toBe(`w${TOOL_STEP}`);
    expect(analysis.firstMover?.relativeChange).toBeGreaterThan(0.5);
    const e2e = analysis.followers.find((move) => move.series.key === 'e2e p95 @ c16');
    expect(e2e?.runId).toBe(`w${E2E_STEP}`);
    expect(e2e?.direction).toBe('worse');
  });

  it('builds per-tool series from the spans and finds the slowed tool only', async () => {
    const store = new MemoryStore();
    for (let index = 0; index < 12; index++) {
      store.add(
        syntheticRun({
          seed: 200 + index,
          runId: `r${index}`,
          concurrencies: [1],
          tasksPerLevel: 200,
          startedAt: weekly(index),
          toolSlowdown: { search_docs: index >= 5 ? 2 : 1 },
        }),
      );
    }
    const analysis = analyseHistory(await historySeries(store, { suite: 'demo-suite' }));
    const searchMoves = analysis.moves.filter((move) => move.series.key === 'tool search_docs p95 @ c1');
    expect(searchMoves.map((move) => move.runId)).toEqual(['r5']);
    expect(analysis.moves.filter((move) => move.series.key === 'tool sql_query p95 @ c1')).toEqual([]);
    expect(analysis.firstMover?.runId).toBe('r5');
    expect(analysis.firstMover?.series.group).toBe('step');
  });
});
