import { describe, expect, it } from 'vitest';
import type { HarnessHealth } from '../../src/spec/index.js';
import {
  computeLevelResult,
  criticalPath,
  formatLevelLabel,
  parseLevelLabel,
  splitByLevel,
} from '../../src/metrics/index.js';
import { span, task } from './records.js';

const harness: HarnessHealth = {
  eventLoopLagMs: { p50: 1, p99: 2, max: 3 },
  cpuFraction: 0.1,
  startLagP99Ms: 0,
  warnings: [],
};

describe('level result', () => {
  const tasks = [
    task({ taskExecId: 'w', warmup: true, task: 'search', scheduledAtMs: 0, endMs: 1000 }),
    task({ taskExecId: 'a', task: 'search', scheduledAtMs: 1000, endMs: 1600, costUsd: 0.02 }),
    task({ taskExecId: 'b', task: 'search', scheduledAtMs: 1000, endMs: 1400, passed: false, costUsd: 0.04 }),
    task({ taskExecId: 'c', task: 'sql', scheduledAtMs: 1200, endMs: 3000, costUsd: 0.06 }),
  ];
  const spans = [
    span({ taskExecId: 'w', kind: 'chat', startMs: 0, endMs: 1000 }),
    span({ taskExecId: 'a', kind: 'tool', startMs: 1000, endMs: 1100 }),
    span({ taskExecId: 'a', kind: 'tool', startMs: 1000, endMs: 1300 }),
    span({ taskExecId: 'a', kind: 'chat', startMs: 1300, endMs: 1500 }),
    span({ taskExecId: 'b', kind: 'chat', startMs: 1000, endMs: 1400 }),
    span({ taskExecId: 'c', kind: 'chat', startMs: 1200, endMs: 2200 }),
    span({ taskExecId: 'c', kind: 'tool', startMs: 2200, endMs: 3000 }),
  ];
  const level = computeLevelResult({
    label: 'c2',
    mode: 'closed',
    concurrency: 2,
    fabric: 'sim',
    tasks,
    spans,
    harness,
    partial: false,
  });

  it('carries the level description and counts warm-up apart', () => {
    expect(level).toMatchObject({
      label: 'c2',
      mode: 'closed',
      concurrency: 2,
      fabric: 'sim',
      warmupTasks: 1,
    });
    expect(level).not.toHaveProperty('arrivalRatePerS');
    expect(level.wallS).toBe(2);
    expect(level.tasksCompleted).toBe(3);
    expect(level.stepsPerSecond).toBe(3);
  });

  it('gives each task the same block, over the level window', () => {
    expect(Object.keys(level.byTask).sort()).toEqual(['search', 'sql']);
    expect(level.byTask.search).toMatchObject({ tasksCompleted: 2, tasksPassed: 1, passRate: 0.5 });
    expect(level.byTask.search!.costPerPassedTaskUsd).toBeCloseTo(0.06, 12);
    expect(level.byTask.search!.tasksPerSecond).toBe(1);
    expect(level.byTask.sql!.stepsPerSecond).toBe(1);
  });

  it('summarizes step kinds with critical-path shares that do not double-count parallel steps', () => {
    const { byStepKind } = level;
    expect(byStepKind.tool).toMatchObject({ count: 3, ms: { p50: 300 } });
    expect(byStepKind.chat!.count).toBe(3);
    // Critical paths: a = tool 300 + chat 200 + orchestration 100; b = chat 400; c = chat 1000 + tool 800.
    // Total 2800 ms = the sum of e2e.
    expect(byStepKind.tool!.criticalPathShare).toBeCloseTo(1100 / 2800, 12);
    expect(byStepKind.chat!.criticalPathShare).toBeCloseTo(1600 / 2800, 12);
    expect(byStepKind.orchestration).toEqual({
      count: 0,
      ms: { p50: null, p95: null, p99: null },
      criticalPathShare: 100 / 2800,
    });
    const shares = Object.values(byStepKind).reduce((total, kind) => total + kind.criticalPathShare, 0);
    expect(shares).toBeCloseTo(1, 12);
    expect(
      criticalPath(
        spans.filter((one) => one.taskExecId === 'a'),
        tasks[1]!,
      ),
    ).toEqual({
      tool: 300,
      chat: 200,
      orchestration: 100,
    });
  });

  it('splits a run by level, spans following their task', () => {
    const other = task({ taskExecId: 'z', level: 'r2.5' });
    const levels = splitByLevel(
      [...tasks, other],
      [...spans, span({ taskExecId: 'z', kind: 'chat', startMs: 0, endMs: 1 })],
    );
    expect([...levels.keys()]).toEqual(['c1', 'r2.5']);
    expect(levels.get('c1')!.spans).toHaveLength(spans.length);
    expect(levels.get('r2.5')!.spans).toHaveLength(1);
  });
});

describe('level labels', () => {
  it('round-trips closed and open labels and reads bare numbers as closed', () => {
    expect(formatLevelLabel({ mode: 'closed', concurrency: 16 })).toBe('c16');
    expect(formatLevelLabel({ mode: 'open', arrivalRatePerS: 2.5 })).toBe('r2.5');
    expect(parseLevelLabel('c16')).toEqual({ mode: 'closed', concurrency: 16 });
    expect(parseLevelLabel('64')).toEqual({ mode: 'closed', concurrency: 64 });
    expect(parseLevelLabel('r2.5')).toEqual({ mode: 'open', arrivalRatePerS: 2.5 });
    expect(parseLevelLabel('c0')).toBeNull();
    expect(parseLevelLabel('fast')).toBeNull();
  });
});
