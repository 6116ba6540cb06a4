import { describe, expect, it } from 'vitest';
import { computeLevelResult, SpanDigest, TaskDigest } from '../../src/metrics/index.js';
import type { HarnessHealth, LevelResult, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

const health: HarnessHealth = {
  eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
  cpuFraction: 0,
  startLagP99Ms: 0,
  warnings: [],
};

function levelOf(
  tasks: TaskDigest | readonly TaskRecord[],
  spans: SpanDigest | readonly SpanRecord[],
): LevelResult {
  return computeLevelResult({
    label: 'c8',
    mode: 'closed',
    concurrency: 8,
    fabric: 'f',
    tasks,
    spans,
    harness: health,
    partial: false,
  });
}

/** Digests of the tasks chosen by `keep`, folded task by task as the runner (or a worker) folds them. */
function digestsOf(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
  keep: (index: number) => boolean,
) {
  const spansByTask = new Map<string, SpanRecord[]>();
  for (const span of spans)
    spansByTask.set(span.taskExecId, [...(spansByTask.get(span.taskExecId) ?? []), span]);
  const taskDigest = new TaskDigest();
  const spanDigest = new SpanDigest();
  tasks.forEach((task, index) => {
    if (!keep(index)) return;
    taskDigest.addTask(task);
    spanDigest.addTask(task, spansByTask.get(task.taskExecId) ?? []);
  });
  return { taskDigest, spanDigest };
}

/** Equal, numbers to 1e-9 relative (sums added in another order round differently). */
function expectClose(actual: unknown, expected: unknown, path = 'level'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else expect(actual, path).toEqual(expected);
}

describe('task and span digests merge', () => {
  const run = syntheticRun({ seed: 21, concurrencies: [8], tasksPerLevel: 500, passRate: 0.7 });
  // Some warm-up and some unpriced tasks, so every counter is exercised.
  const tasks = run.tasks.map((task, index) => ({
    ...task,
    warmup: index < 10,
    costUsd: index % 97 === 0 ? null : task.costUsd,
  }));
  const whole = levelOf(tasks, run.spans);

  it('a digest folded task by task gives the level computed from every record', () => {
    const { taskDigest, spanDigest } = digestsOf(tasks, run.spans, () => true);
    expect(levelOf(taskDigest, spanDigest)).toEqual(whole);
  });

  it('the digests of two halves (alternate tasks, as two workers see them), merged, give the whole', () => {
    const even = digestsOf(tasks, run.spans, (index) => index % 2 === 0);
    const odd = digestsOf(tasks, run.spans, (index) => index % 2 === 1);
    even.taskDigest.merge(odd.taskDigest);
    even.spanDigest.merge(odd.spanDigest);
    const merged = levelOf(even.taskDigest, even.spanDigest);
    // Percentiles come from the merged columns: exactly the whole's.
    expect(merged.e2eMs).toEqual(whole.e2eMs);
    expect(merged.byStepKind.chat!.ms).toEqual(whole.byStepKind.chat!.ms);
    expect(merged.servingByRole!.planner!.ttftMs).toEqual(whole.servingByRole!.planner!.ttftMs);
    expect(merged.servingByRole!.planner!.tpotMs).toEqual(whole.servingByRole!.planner!.tpotMs);
    expect(merged.warmupTasks).toBe(10);
    expect(merged.costPerTaskUsd.unpricedTasks).toBe(whole.costPerTaskUsd.unpricedTasks);
    expectClose(merged, whole);
  });

  it('one half alone is not the whole (the merge adds something)', () => {
    const half = digestsOf(tasks, run.spans, (index) => index < 250);
    expect(levelOf(half.taskDigest, half.spanDigest).tasksCompleted).toBeLessThan(whole.tasksCompleted);
  });
});
