import { describe, expect, it } from 'vitest';
import { renderTaskTable } from '../../src/report/index.js';
import type { MetricBlock, RunResults } from '../../src/spec/index.js';

function block(p95: number, passRate: number): MetricBlock {
  const latency = {
    n: 10,
    p50: p95 / 2,
    p95,
    p99: p95,
    mean: p95 / 2,
    max: p95,
    ci95: { p95: null, p99: null },
    lowSampleWarnings: [],
    method: 'exact' as const,
  };
  return {
    tasksCompleted: 10,
    tasksPassed: passRate * 10,
    tasksErrored: 0,
    e2eMs: latency,
    passedE2eMs: latency,
    stepsPerSecond: 3.25,
    tasksPerSecond: 1,
    goodputTasksPerSecond: passRate,
    passRate,
    costPerTaskUsd: { mean: 0.01, p95: 0.02, unpricedTasks: 0 },
    costPerPassedTaskUsd: 0.0125,
  };
}

describe('per-task table', () => {
  it('shows each task at each level that fits, and says how many levels it dropped', () => {
    const levels = ['c1', 'c16', 'c64'].map((label, index) => ({
      label,
      byTask: { support: block(1000 * (index + 1), 0.8), 'docs-qa': block(500, 1) },
    }));
    const results = { levels } as unknown as RunResults;
    const wide = renderTaskTable(results, { color: false, width: 200 });
    const lines = wide.split('\n');
    expect(lines[0]).toMatch(/^task\s+p95 c1\s+pass\s+steps\/s\s+\$\/passed\s+p95 c16/);
    expect(lines[1]).toMatch(/^docs-qa\s/);
    expect(lines[2]).toMatch(/^support\s.*80%.*3\.3/);
    expect(lines[2]).toContain('3.00 s');
    expect(wide).not.toContain('more level');
    const narrow = renderTaskTable(results, { color: false, width: 60 });
    expect(narrow).not.toContain('p95 c16');
    expect(narrow).toContain('(2 more levels in the report');
  });
});
