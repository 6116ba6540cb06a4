import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { computeLevelResult, evaluateThresholds, parseThreshold } from '../../src/metrics/index.js';
import type { LevelResult } from '../../src/spec/index.js';
import { task } from './records.js';

describe('parseThreshold', () => {
  it.each([
    [
      'e2e.p95<20s',
      { metric: 'e2e', statistic: 'p95', operator: '<', value: 20_000, level: null, task: null },
    ],
    ['e2e.p99<=1500ms', { metric: 'e2e', statistic: 'p99', operator: '<=', value: 1500 }],
    ['e2e.p50 < 250', { metric: 'e2e', statistic: 'p50', value: 250 }],
    ['passedE2e.p95<0.5m', { metric: 'passedE2e', statistic: 'p95', value: 30_000 }],
    ['passRate>=0.9', { metric: 'passRate', statistic: null, operator: '>=', value: 0.9 }],
    ['passRate>=90%', { metric: 'passRate', value: 0.9 }],
    ['costPerTask.mean<0.05', { metric: 'costPerTask', statistic: 'mean', value: 0.05 }],
    ['costPerPassedTask<$0.1', { metric: 'costPerPassedTask', value: 0.1 }],
    ['stepsPerSecond>10', { metric: 'stepsPerSecond', operator: '>', value: 10 }],
    ['goodput>=1/s', { metric: 'goodput', value: 1 }],
    ['e2e.p95<20s@16', { level: 'c16' }],
    ['e2e.p95<20s@c16', { level: 'c16' }],
    ['passRate>0.5@r2.50', { level: 'r2.5' }],
    ['task=search:e2e.p95<5s', { task: 'search', value: 5000 }],
  ])('%s', (expression, expected) => {
    expect(parseThreshold(expression)).toMatchObject({ expression, ...expected });
  });

  it.each([
    ['', 'it is empty'],
    ['e2e.p95', 'no comparison'],
    ['latency.p95<20s', 'unknown metric "latency.p95"'],
    ['e2e<20s', 'e2e needs one statistic of e2e.p50, e2e.p95'],
    ['e2e.p90<20s', 'e2e needs one statistic'],
    ['passRate.mean>0.9', 'passRate takes no statistic'],
    ['e2e.p95<20h', 'unknown unit "h" for e2e'],
    ['e2e.p95<fast', '"fast" is not a number'],
    ['passRate>=90', 'passRate is a fraction from 0 to 1'],
    ['costPerTask.mean<0.05s', 'takes no unit "s"'],
    ['e2e.p95<$2', '"$" only goes with costs'],
    ['e2e.p95<20s@big', '"@big" is not a level'],
    ['task=:e2e.p95<20s', 'is not a task name'],
  ])('rejects %j saying what is wrong, with an example', (expression, problem) => {
    let thrown: unknown;
    try {
      parseThreshold(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const message = (thrown as UsageError).message;
    expect(message).toContain(problem);
    expect(message).toContain("e.g. 'e2e.p95<20s'");
    expect((thrown as UsageError).userFixable).toBe(true);
  });
});

describe('evaluateThresholds', () => {
  const harness = {
    eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
    cpuFraction: 0,
    startLagP99Ms: 0,
    warnings: [],
  };
  const level = (label: string, concurrency: number, e2eMs: number[], passed: boolean[]): LevelResult =>
    computeLevelResult({
      label,
      mode: 'closed',
      concurrency,
      fabric: 'sim',
      tasks: e2eMs.map((ms, index) =>
        task({
          taskExecId: `${label}-${index}`,
          task: index % 2 ? 'sql' : 'search',
          endMs: ms,
          passed: passed[index]!,
        }),
      ),
      spans: [],
      harness,
      partial: false,
    });
  const levels = [
    level('c1', 1, [1000, 2000, 3000], [true, true, true]),
    level('c16', 16, [4000, 30_000], [false, false]),
  ];

  it('applies a threshold without @ to every level', () => {
    const outcomes = evaluateThresholds([parseThreshold('e2e.max<10s')], levels);
    expect(outcomes.map((outcome) => [outcome.level, outcome.passed, outcome.actual])).toEqual([
      ['c1', true, 3000],
      ['c16', false, 30_000],
    ]);
    expect(outcomes[0]!.message).toBe('e2e.max at c1: 3s < 10s');
    expect(outcomes[1]!.message).toBe('e2e.max at c16: 30s not < 10s');
  });

  it('applies @16 to the level with 16 agents only', () => {
    const outcomes = evaluateThresholds([parseThreshold('passRate>=90%@16')], levels);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ level: 'c16', passed: false, actual: 0 });
    expect(outcomes[0]!.message).toBe('passRate at c16: 0% not >= 90%');
  });

  it('compares at the boundary as written', () => {
    expect(evaluateThresholds([parseThreshold('e2e.max<=3000@c1')], levels)[0]!.passed).toBe(true);
    expect(evaluateThresholds([parseThreshold('e2e.max<3000@c1')], levels)[0]!.passed).toBe(false);
  });

  it('fails a metric that is null and says why', () => {
    const [outcome] = evaluateThresholds([parseThreshold('passedE2e.p95<20s@c16')], levels);
    expect(outcome).toMatchObject({ level: 'c16', actual: null, passed: false });
    expect(outcome!.message).toContain('no task passed');
  });

  it('fails a threshold for a level or task that did not run', () => {
    const [missingLevel] = evaluateThresholds([parseThreshold('e2e.p95<20s@64')], levels);
    expect(missingLevel).toMatchObject({ level: 'c64', passed: false, actual: null });
    expect(missingLevel!.message).toContain('no level c64 in this run (levels: c1, c16)');
    const [missingTask] = evaluateThresholds([parseThreshold('task=mail:passRate>0@c1')], levels);
    expect(missingTask!.passed).toBe(false);
    expect(missingTask!.message).toContain('task mail has no measured executions');
  });

  it('reads per-task numbers with task=', () => {
    const outcomes = evaluateThresholds([parseThreshold('task=sql:e2e.p50<2.5s@c1')], levels);
    expect(outcomes[0]).toMatchObject({ level: 'c1', actual: 2000, passed: true });
  });
});
