import { describe, expect, it } from 'vitest';
import {
  drawResampleCounts,
  quantile,
  sampleStatistics,
  seededRandom,
  taskSample,
} from '../../src/analysis/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

describe('sampleStatistics', () => {
  const { tasks } = syntheticRun({ seed: 21, concurrencies: [4], tasksPerLevel: 157 });
  const sample = taskSample(tasks, 10);

  it('matches linear-interpolation percentiles of the plain sample', () => {
    const stats = sampleStatistics(sample, null);
    const e2e = tasks.map((task) => task.e2eMs);
    expect(stats.e2eP50).toBeCloseTo(quantile(e2e, 0.5)!, 9);
    expect(stats.e2eP95).toBeCloseTo(quantile(e2e, 0.95)!, 9);
    expect(stats.e2eP99).toBeCloseTo(quantile(e2e, 0.99)!, 9);
    const passed = tasks.filter((task) => task.passed).map((task) => task.e2eMs);
    expect(stats.passedE2eP95).toBeCloseTo(quantile(passed, 0.95)!, 9);
    expect(stats.passRate).toBeCloseTo(passed.length / tasks.length, 12);
    expect(stats.stepsPerSecond).toBeCloseTo(tasks.reduce((sum, task) => sum + task.steps, 0) / 10, 9);
  });

  it('computes a resample given as counts exactly as the expanded resample', () => {
    const counts = drawResampleCounts(
      sample.e2eMs.length,
      seededRandom(4),
      new Uint32Array(sample.e2eMs.length),
    );
    const expanded: number[] = [];
    counts.forEach((copies, row) => {
      for (let copy = 0; copy < copies; copy++) expanded.push(sample.e2eMs[row]!);
    });
    const stats = sampleStatistics(sample, counts);
    expect(expanded.length).toBe(sample.e2eMs.length);
    expect(stats.e2eP95).toBeCloseTo(quantile(expanded, 0.95)!, 9);
    expect(stats.e2eP50).toBeCloseTo(quantile(expanded, 0.5)!, 9);
  });

  it('handles one and two tasks', () => {
    const one = taskSample(tasks.slice(0, 1), 1);
    expect(sampleStatistics(one, null).e2eP99).toBe(tasks[0]!.e2eMs);
    const two = taskSample(tasks.slice(0, 2), 1);
    const values = tasks.slice(0, 2).map((task) => task.e2eMs);
    expect(sampleStatistics(two, null).e2eP50).toBeCloseTo(quantile(values, 0.5)!, 9);
  });
});
