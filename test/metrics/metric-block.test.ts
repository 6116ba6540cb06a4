import { describe, expect, it } from 'vitest';
import {
  computeMetricBlock,
  costPerPassedTask,
  measuredWindow,
  summarizeCost,
} from '../../src/metrics/index.js';
import { span, task } from './records.js';

describe('cost attribution', () => {
  it('charges the cost of failed tasks to the passed ones', () => {
    const tasks = [
      task({ taskExecId: 'a', costUsd: 0.1, passed: true }),
      task({ taskExecId: 'b', costUsd: 0.3, passed: false }),
      task({ taskExecId: 'c', costUsd: 0.2, passed: true }),
    ];
    // (0.1 + 0.3 + 0.2) / 2 passed
    expect(costPerPassedTask(tasks)).toBeCloseTo(0.3, 12);
    expect(summarizeCost(tasks).mean).toBeCloseTo(0.2, 12);
    // p95 of [0.1, 0.2, 0.3]: h = 1.9 → 0.2 + 0.9·0.1
    expect(summarizeCost(tasks).p95).toBeCloseTo(0.29, 12);
  });

  it('keeps unpriced tasks out of mean and p95, counts them, and leaves cost per pass unknown', () => {
    const tasks = [
      task({ taskExecId: 'a', costUsd: 0.1 }),
      task({ taskExecId: 'b', costUsd: null, pricedCostUsd: 0.05 }),
      task({ taskExecId: 'c', costUsd: 0.3 }),
    ];
    expect(summarizeCost(tasks)).toMatchObject({ unpricedTasks: 1 });
    expect(summarizeCost(tasks).mean).toBeCloseTo(0.2, 12);
    expect(costPerPassedTask(tasks)).toBeNull();
  });

  it('has no cost per passed task when nothing passed', () => {
    expect(costPerPassedTask([task({ taskExecId: 'a', passed: false })])).toBeNull();
    expect(summarizeCost([])).toEqual({ mean: null, p95: null, unpricedTasks: 0 });
  });
});

describe('metric block', () => {
  const tasks = [
    task({ taskExecId: 'w', warmup: true, scheduledAtMs: 0, endMs: 50_000, costUsd: 9 }),
    task({ taskExecId: 'a', scheduledAtMs: 1000, endMs: 2000, passed: true }),
    task({ taskExecId: 'b', scheduledAtMs: 1500, endMs: 5000, passed: false }),
    task({ taskExecId: 'c', scheduledAtMs: 2000, startMs: 2500, endMs: 3000, passed: true }),
    task({ taskExecId: 'd', scheduledAtMs: 2500, endMs: 11_000, passed: true, error: 'timeout after 8s' }),
  ];
  const spans = [
    span({ taskExecId: 'w', kind: 'chat', startMs: 0, endMs: 40_000 }),
    span({ taskExecId: 'a', kind: 'chat', startMs: 1000, endMs: 1500 }),
    span({ taskExecId: 'a', kind: 'tool', startMs: 1500, endMs: 1900, status: 'error' }),
    span({ taskExecId: 'a', kind: 'orchestration', startMs: 1900, endMs: 2000 }),
    span({ taskExecId: 'b', kind: 'embed', startMs: 1500, endMs: 1600 }),
    span({ taskExecId: 'c', kind: 'queue', startMs: 2000, endMs: 2500 }),
    span({ taskExecId: 'c', kind: 'rerank', startMs: 2500, endMs: 2900 }),
  ];
  const window = measuredWindow(tasks)!;
  const block = computeMetricBlock(tasks, spans, window);

  it('measures the window from the first measured scheduled start to the last measured end', () => {
    expect(window).toEqual({ startMs: 1000, endMs: 11_000 });
  });

  it('excludes warm-up tasks and their spans from every number', () => {
    expect(block.tasksCompleted).toBe(4);
    expect(block.e2eMs.max).toBe(8500);
    expect(block.costPerTaskUsd.mean).toBeCloseTo(0.01, 12);
    // 4 work spans of measured tasks (queue and orchestration are not steps) over 10 s.
    expect(block.stepsPerSecond).toBeCloseTo(0.4, 12);
  });

  it('counts errored tasks as completed but never passed', () => {
    expect(block.tasksErrored).toBe(1);
    expect(block.tasksPassed).toBe(2);
    expect(block.passRate).toBe(0.5);
    expect(block.tasksPerSecond).toBeCloseTo(0.4, 12);
    expect(block.goodputTasksPerSecond).toBeCloseTo(0.2, 12);
  });

  it('conditions latency on quality: passedE2e only over passed tasks', () => {
    // e2e over all four: 1000, 3500, 1000 (from its scheduled time), 8500.
    expect(block.e2eMs).toMatchObject({ n: 4, p50: 2250, max: 8500, mean: 3500 });
    expect(block.passedE2eMs).toMatchObject({ n: 2, p50: 1000, max: 1000, mean: 1000 });
  });

  it('has null pass rate and zero rates with no measured task', () => {
    const empty = computeMetricBlock([tasks[0]!], spans, measuredWindow([tasks[0]!]));
    expect(empty).toMatchObject({ tasksCompleted: 0, passRate: null, stepsPerSecond: 0, tasksPerSecond: 0 });
    expect(empty.e2eMs.p95).toBeNull();
    expect(empty.costPerPassedTaskUsd).toBeNull();
  });
});
