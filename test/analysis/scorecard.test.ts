import { describe, expect, it } from 'vitest';
import { buildScorecard, quantile, ranking } from '../../src/analysis/index.js';
import { renderScorecardMarkdown } from '../../src/report/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

interface Planted {
  fabric: string;
  p95: [number, number];
  costPerPassed: number;
  probe?: { ttftMs: number; outputTokensPerS: number };
}

function entry(planted: Planted, seed: number) {
  const run = syntheticRun({
    seed,
    fabric: planted.fabric,
    runId: `run-${planted.fabric}`,
    concurrencies: [1, 64],
    tasksPerLevel: 30,
  });
  run.results.levels.forEach((level, index) => {
    level.e2eMs.p95 = planted.p95[index]!;
    level.costPerPassedTaskUsd = planted.costPerPassed;
  });
  if (planted.probe !== undefined) {
    // Probed per chat role; the worker role would rank the fabrics differently, so reading the wrong role shows.
    run.results.singleCall = {
      planner: { endpoint: 'e', model: 'm', placement: 'p', simulated: true, samples: 20, ...planted.probe },
      worker: {
        endpoint: 'w',
        model: 'm',
        placement: 'p',
        simulated: true,
        samples: 20,
        ttftMs: 10 - seed,
        outputTokensPerS: 1,
      },
    };
  }
  return run;
}

describe('buildScorecard', () => {
  const runs = [
    entry(
      {
        fabric: 'gpu-cloud',
        p95: [1000, 5000],
        costPerPassed: 0.01,
        probe: { ttftMs: 100, outputTokensPerS: 200 },
      },
      1,
    ),
    entry(
      {
        fabric: 'hetero',
        p95: [1100, 2500],
        costPerPassed: 0.012,
        probe: { ttftMs: 180, outputTokensPerS: 150 },
      },
      2,
    ),
    entry(
      {
        fabric: 'budget',
        p95: [1500, 4000],
        costPerPassed: 0.004,
        probe: { ttftMs: 250, outputTokensPerS: 90 },
      },
      3,
    ),
  ];
  const scorecard = buildScorecard(runs, { role: 'planner' });
  const ascending = (left: string, right: string) => left.localeCompare(right);

  it('ranks end to end per level, by cost per passed task, and by single call', () => {
    const byMetric = Object.fromEntries(
      [...scorecard.endToEnd, ...scorecard.singleCallRankings].map((r) => [r.metric, r]),
    );
    expect(byMetric['e2e p95 @ c1']!.order).toEqual(['gpu-cloud', 'hetero', 'budget']);
    expect(byMetric['e2e p95 @ c64']!.order).toEqual(['hetero', 'budget', 'gpu-cloud']);
    expect(byMetric['cost/passed task @ c64']!.order).toEqual(['budget', 'gpu-cloud', 'hetero']);
    expect(byMetric['single-call TTFT']!.order).toEqual(['gpu-cloud', 'hetero', 'budget']);
    expect(byMetric['single-call output tokens/s']!.ranks).toEqual({ 'gpu-cloud': 1, hetero: 2, budget: 3 });
    expect(scorecard.singleCall.hetero!.source).toBe('probe');
    expect(scorecard.singleCall.hetero!.role).toBe('planner');
    // Unnamed, the first probed role is read, the same for every run.
    expect(buildScorecard(runs).singleCall.hetero!.role).toBe('planner');
    const byWorker = buildScorecard(runs, { role: 'worker' }).singleCallRankings[0]!;
    expect(byWorker.order).toEqual(['budget', 'hetero', 'gpu-cloud']);
  });

  it('says where the end-to-end ranking departs from the single-call one', () => {
    const atLoad = scorecard.disagreements.find(
      (d) => d.endToEnd === 'e2e p95 @ c64' && d.singleCall === 'single-call TTFT',
    )!;
    expect(atLoad.leaderEndToEnd).toBe('hetero');
    expect(atLoad.leaderSingleCall).toBe('gpu-cloud');
    expect(atLoad.kendallTau).toBeCloseTo(-1 / 3, 10);
    expect(atLoad.moved.sort()).toEqual(['budget', 'gpu-cloud', 'hetero']);
    const alone = scorecard.disagreements.find(
      (d) => d.endToEnd === 'e2e p95 @ c1' && d.singleCall === 'single-call TTFT',
    )!;
    // 30 tasks a level: at c1 gpu-cloud (1.00 s) and hetero (1.10 s) cannot be told apart, so they tie.
    const c1 = scorecard.endToEnd.find((entry) => entry.metric === 'e2e p95 @ c1')!;
    expect(c1.ranks).toEqual({ 'gpu-cloud': 1, hetero: 1, budget: 3 });
    expect(c1.rankRanges['gpu-cloud']).toEqual([1, 2]);
    expect(alone.beyondIntervals).toEqual([]);
    // At c64 both faster-by-TTFT reversals hold beyond the intervals.
    expect(atLoad.beyondIntervals.map((pair) => pair.join('>')).sort(ascending)).toEqual([
      'budget>gpu-cloud',
      'hetero>gpu-cloud',
    ]);
    const markdown = renderScorecardMarkdown(scorecard);
    expect(markdown).toMatch(
      /\| gpu-cloud \| 1 \| ⚠ 1 warned \| =#1–2 1\.00 s \[[^\]]+\] \| #3 ≠ 5\.00 s \[/,
    );
    expect(markdown).toContain('leader hetero vs gpu-cloud');
    expect(markdown).toContain('Beyond the intervals: ');
  });

  it('derives single-call figures from chat spans at concurrency 1 when no probe ran, and says so', () => {
    const plain = syntheticRun({ seed: 9, fabric: 'plain', concurrencies: [1, 16], tasksPerLevel: 40 });
    const other = syntheticRun({ seed: 10, fabric: 'other', concurrencies: [1, 16], tasksPerLevel: 40 });
    const card = buildScorecard([plain, other]);
    const c1 = new Set(plain.tasks.filter((task) => task.level === 'c1').map((task) => task.taskExecId));
    const ttfts = plain.spans
      .filter((span) => span.kind === 'chat' && c1.has(span.taskExecId))
      .map((span) => span.ttftMs!);
    expect(card.singleCall.plain!.source).toBe('chat spans at concurrency 1');
    expect(card.singleCall.plain!.ttftMs).toBeCloseTo(quantile(ttfts, 0.5)!, 9);
    expect(card.notes.join(' ')).toContain('derived from chat spans at concurrency 1');
    const withoutSpans = buildScorecard([{ results: plain.results }, { results: other.results }]);
    expect(withoutSpans.singleCall.plain!.source).toBe('unavailable');
  });

  it('gives ties one rank and puts missing values last', () => {
    const tied = ranking('x', 'end to end', true, 'ms', { a: 5, b: 3, c: 5, d: null });
    expect(tied.ranks).toEqual({ a: 2, b: 1, c: 2, d: null });
    expect(tied.order.at(-1)).toBe('d');
  });
});
