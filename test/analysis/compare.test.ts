import { describe, expect, it } from 'vitest';
import { compareRuns, verdictOf } from '../../src/analysis/index.js';
import { renderComparisonMarkdown } from '../../src/report/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

const LEVELS = [1, 16];
const PER_LEVEL = 600;

function withSlowerTail(run: ReturnType<typeof syntheticRun>, factor: number) {
  return { ...run, tasks: run.tasks.map((task) => ({ ...task, e2eMs: task.e2eMs * factor })) };
}

describe('compareRuns', () => {
  const baseline = syntheticRun({ seed: 11, runId: 'base', concurrencies: LEVELS, tasksPerLevel: PER_LEVEL });
  const rerun = syntheticRun({ seed: 12, runId: 'rerun', concurrencies: LEVELS, tasksPerLevel: PER_LEVEL });

  it('finds a planted 20% p95 regression at every level and calls it worse', () => {
    const slower = withSlowerTail(
      syntheticRun({ seed: 13, runId: 'slow', concurrencies: LEVELS, tasksPerLevel: PER_LEVEL }),
      1.2,
    );
    const comparison = compareRuns(baseline, slower, { seed: 5 });
    const p95 = comparison.metrics.filter((row) => row.metric.name === 'e2eP95');
    expect(p95.map((row) => row.level)).toEqual(['c1', 'c16']);
    for (const row of p95) {
      expect(row.verdict).toBe('worse');
      expect(row.relativeChange!).toBeGreaterThan(0.1);
      expect(row.relativeChange!).toBeLessThan(0.3);
      expect(row.ci95![0]).toBeGreaterThan(0);
      expect(row.ci95![0]).toBeLessThan(row.change!);
      expect(row.ci95![1]).toBeGreaterThan(row.change!);
    }
    expect(comparison.regressions.some((row) => row.metric.name === 'e2eP95')).toBe(true);
  });

  it('calls an identical-distribution re-run with another seed "no significant change"', () => {
    const comparison = compareRuns(baseline, rerun, { seed: 5 });
    expect(comparison.regressions).toEqual([]);
    expect(comparison.metrics.every((row) => row.verdict === 'no significant change')).toBe(true);
    for (const row of comparison.metrics.filter((metric) => metric.metric.unit === 'ms')) {
      expect(row.verdict, `${row.level} ${row.metric.label}`).toBe('no significant change');
      expect(row.ci95![0]).toBeLessThan(0);
      expect(row.ci95![1]).toBeGreaterThan(0);
    }
  });

  it('is reproducible for a seed and reads direction per metric', () => {
    const first = compareRuns(baseline, rerun, { seed: 9, resamples: 1000 });
    const second = compareRuns(baseline, rerun, { seed: 9, resamples: 1000 });
    expect(second.metrics.map((row) => row.ci95)).toEqual(first.metrics.map((row) => row.ci95));
    const passRate = first.metrics.find((row) => row.metric.name === 'passRate')!.metric;
    const latency = first.metrics.find((row) => row.metric.name === 'e2eP99')!.metric;
    expect(verdictOf(passRate, [0.01, 0.05])).toBe('better');
    expect(verdictOf(latency, [1, 5])).toBe('worse');
    expect(verdictOf(latency, [-5, -1])).toBe('better');
    expect(verdictOf(latency, [-1, 1])).toBe('no significant change');
  });

  it('says "insufficient data" for tiny levels and lists levels present in one run only', () => {
    // The fixture's harness warns at c64: such a run is left out unless asked for.
    const tiny = syntheticRun({ seed: 3, concurrencies: [1, 64], tasksPerLevel: 10 });
    const other = syntheticRun({ seed: 4, concurrencies: [1], tasksPerLevel: 10 });
    const strict = compareRuns(tiny, other);
    expect(strict.excluded.map((health) => health.runId)).toEqual([tiny.results.runId]);
    expect(strict.metrics).toEqual([]);
    expect(strict.notes.join(' ')).toContain('--include-impaired');
    const comparison = compareRuns(tiny, other, { includeImpaired: true });
    expect(comparison.unmatchedLevels).toEqual(['c64']);
    expect(new Set(comparison.metrics.map((row) => row.verdict))).toEqual(new Set(['insufficient data']));
  });

  it('renders a Markdown table with the verdicts', () => {
    const markdown = renderComparisonMarkdown(compareRuns(baseline, withSlowerTail(rerun, 1.2), { seed: 5 }));
    expect(markdown).toMatch(/\| c16 \| e2e p95 \| .* \| 0\.0\d\d \| ❌ worse \|/);
    expect(markdown).toContain('significant regression(s)');
  });
});
