import { describe, expect, it } from 'vitest';
import {
  type MetricSeries,
  analyseHistory,
  eDivisive,
  historySeries,
  seededRandom,
} from '../../src/analysis/index.js';
import { firstMoverSentence } from '../../src/report/index.js';
import { MemoryStore } from '../report/support/memory-store.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

const RUNS = 16;
const TOOL_STEP = 6;
const E2E_STEP = 8;

function weekly(index: number): string {
  return new Date(Date.UTC(2026, 0, 5) + index * 7 * 86_400_000).toISOString();
}

/** Ten weekly completed run summaries, as a store lists them. */
function weeklyRuns(prefix: string) {
  return Array.from({ length: 10 }, (_, index) => ({
    runId: `${prefix}${index}`,
    suite: 'demo-suite',
    fabric: 'f',
    status: 'completed' as const,
    startedAt: weekly(index),
    simulated: true,
  }));
}

/** A history of one level's series over `runs`, none of them impaired. */
function levelHistory(
  runs: ReturnType<typeof weeklyRuns>,
  series: Record<string, [MetricSeries['group'], MetricSeries['unit'], number[]]>,
) {
  return {
    suite: 'demo-suite',
    runs,
    health: runs.map(() => ({ impaired: false, warnings: [] })),
    excluded: [],
    series: Object.entries(series).map(([key, [group, unit, values]]) => ({
      key,
      group,
      level: 'c2',
      lowerIsBetter: true,
      unit,
      values,
    })),
  };
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

describe('history: a step inside another', () => {
  const random = seededRandom(29);
  const noisy = (value: number) => value * (1 + (random() - 0.5) * 0.04);
  const runs = weeklyRuns('d');
  // The embedding call slows from run 4; the retrieval span around it (embed + search) moves with it,
  // and its noise happens to put its onset a run earlier.
  const embed = Array.from({ length: 10 }, (_, index) => noisy(index >= 3 ? 30 : 9));
  const retrieve = Array.from({ length: 10 }, (_, index) => noisy(index >= 2 ? (index >= 3 ? 70 : 62) : 49));
  const e2e = Array.from({ length: 10 }, () => noisy(400));
  const history = (contains?: Record<string, string[]>) => ({
    ...levelHistory(runs, {
      'e2e p50 @ c2': ['e2e', 'ms', e2e],
      'retrieval retrieve p95 @ c2': ['step', 'ms', retrieve],
      'embed bge p95 @ c2': ['step', 'ms', embed],
    }),
    ...(contains === undefined ? {} : { contains }),
  });

  it('names the inner step that moved, not the span around it', () => {
    const without = analyseHistory(history() as never);
    expect(without.firstMover?.series.key).toBe('retrieval retrieve p95 @ c2');
    const within = analyseHistory(
      history({ 'retrieval retrieve p95 @ c2': ['embed bge p95 @ c2'] }) as never,
    );
    expect(within.firstMover?.series.key).toBe('embed bge p95 @ c2');
    expect(within.firstMover?.runIndex).toBe(3);
    expect(within.followers.map((move) => move.series.key)).toContain('retrieval retrieve p95 @ c2');
    expect(firstMoverSentence(within)).toContain(
      'First mover: embed bge p95 @ c2 (it ran inside retrieval retrieve p95 @ c2, which moved with it)',
    );
    expect(firstMoverSentence(without)).not.toContain('ran inside');
  });

  it('keeps the outer step when the inner one did not move', () => {
    const flatEmbed = history({ 'retrieval retrieve p95 @ c2': ['embed bge p95 @ c2'] });
    flatEmbed.series[2]!.values = Array.from({ length: 10 }, () => noisy(9));
    expect(analyseHistory(flatEmbed as never).firstMover?.series.key).toBe('retrieval retrieve p95 @ c2');
  });

  it('reads which steps ran inside which from the spans', async () => {
    const store = new MemoryStore();
    const run = syntheticRun({
      seed: 5,
      runId: 'n0',
      concurrencies: [1],
      tasksPerLevel: 4,
      startedAt: weekly(0),
    });
    const inner = run.spans.find((span) => span.kind === 'tool')!;
    run.spans.push({ ...inner, spanId: 'outer-1', kind: 'retrieval', name: 'retrieve', parentId: null });
    inner.parentId = 'outer-1';
    store.add(run);
    const series = await historySeries(store, { suite: 'demo-suite' });
    expect(series.contains?.['retrieval retrieve p95 @ c1']).toEqual([`tool ${inner.name} p95 @ c1`]);
    expect(series.contains?.['retrieval p95 @ c1']).toEqual(['tool p95 @ c1']);
  });
});

describe('history: what a move must be to count', () => {
  const runs = weeklyRuns('s');
  const random = seededRandom(41);
  const share = (values: number[]) =>
    levelHistory(runs, {
      'e2e p50 @ c2': ['e2e', 'ms', runs.map(() => 400 * (1 + (random() - 0.5) * 0.02))],
      'queue critical-path share @ c2': ['step kind', 'fraction', values],
    });

  it('ignores a critical-path share that doubles from 0.2% (under a percentage point of the task)', () => {
    const tiny = share(runs.map((_, index) => (index >= 5 ? 0.004 : 0.002) * (1 + (random() - 0.5) * 0.02)));
    const analysis = analyseHistory(tiny as never);
    expect(analysis.moves).toEqual([]);
    // The same relative step on a share a user waits for is a move.
    const large = share(runs.map((_, index) => (index >= 5 ? 0.4 : 0.2) * (1 + (random() - 0.5) * 0.02)));
    const moved = analyseHistory(large as never);
    expect(moved.firstMover?.series.key).toBe('queue critical-path share @ c2');
    expect(moved.firstMover?.runIndex).toBe(5);
  });

  it('holds a regression of the latest run alone as unconfirmed: not the first mover, but what the gate fails on', () => {
    const outlier = share(runs.map((_, index) => (index === 9 ? 0.4 : 0.2) * (1 + (random() - 0.5) * 0.02)));
    const analysis = analyseHistory(outlier as never);
    expect(analysis.latestRegressions.map((move) => move.series.key)).toEqual([
      'queue critical-path share @ c2',
    ]);
    expect(analysis.firstMover).toBeNull();
    expect(firstMoverSentence(analysis)).toContain('the latest run alone regressed');
  });

  it('leaves out a p99 of fewer than 100 tasks and a p95 of fewer than 20: each is the sample maximum', async () => {
    const store = new MemoryStore();
    for (const [index, tasks] of [30, 19, 20, 100].entries())
      store.add(
        syntheticRun({
          seed: 300 + index,
          runId: `t${index}`,
          concurrencies: [2],
          tasksPerLevel: tasks,
          startedAt: weekly(index),
        }),
      );
    const history = await historySeries(store, { suite: 'demo-suite' });
    const values = (key: string) => history.series.find((series) => series.key === key)?.values;
    const present = (key: string) => values(key)?.map((value) => value !== null);
    expect(present('e2e p50 @ c2')).toEqual([true, true, true, true]);
    expect(present('e2e p95 @ c2')).toEqual([true, false, true, true]);
    expect(present('e2e p99 @ c2')).toEqual([false, false, false, true]);
    // Per-step p95s count the step's own calls.
    const step = history.series.find((series) => series.group === 'step' && series.key.startsWith('tool '));
    expect(step).toBeDefined();
    expect(step!.values.some((value) => value !== null)).toBe(true);
  });
});
