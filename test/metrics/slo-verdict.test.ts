import { describe, expect, it } from 'vitest';
import { SloStopRule } from '../../src/capacity/index.js';
import {
  LookSchedule,
  binomialCdf,
  evaluateSlo,
  parseThreshold,
  parseUntilRule,
  proportionVerdict,
  untilState,
} from '../../src/metrics/index.js';
import { seededRandom } from '../../src/runner/index.js';
import type { TaskRecord } from '../../src/spec/index.js';

function records(latencies: number[], passed: (index: number) => boolean = () => true): TaskRecord[] {
  return latencies.map(
    (e2eMs, index) =>
      ({ task: 't', warmup: false, e2eMs, passed: passed(index), error: null, costUsd: 0.01 }) as TaskRecord,
  );
}

describe('binomial tails and proportion verdicts', () => {
  it('matches known binomial values', () => {
    expect(binomialCdf(0, 59, 0.05)).toBeCloseTo(0.95 ** 59, 12);
    expect(binomialCdf(2, 10, 0.5)).toBeCloseTo(56 / 1024, 12);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
  });

  it('needs 59 clean samples to show p95 under a bound at alpha 0.05 (MLPerf-style)', () => {
    expect(proportionVerdict(0, 58, 0.05, 0.05)).toBe('undecided');
    expect(proportionVerdict(0, 59, 0.05, 0.05)).toBe('met');
    expect(proportionVerdict(20, 20, 0.05, 0.05)).toBe('missed');
    expect(proportionVerdict(5, 100, 0.05, 0.05)).toBe('undecided');
  });
});

describe('evaluateSlo', () => {
  it('judges percentiles by counting samples past the bound, with an order-statistic interval', () => {
    const fast = records(Array.from({ length: 200 }, (_, index) => 100 + index));
    const met = evaluateSlo(parseThreshold('e2e.p95<1s'), fast, { alpha: 0.01, final: false });
    expect(met.verdict).toBe('met');
    expect(met.estimate).toBeCloseTo(289.05, 6);
    expect(met.interval![0]).toBeLessThanOrEqual(met.estimate!);
    const missed = evaluateSlo(parseThreshold('e2e.p95<150ms'), fast, { alpha: 0.01, final: false });
    expect(missed.verdict).toBe('missed');
    // The bound near the true p95: neither side is shown.
    expect(evaluateSlo(parseThreshold('e2e.p95<290ms'), fast, { alpha: 0.01, final: true }).verdict).toBe(
      'undecided',
    );
  });

  it('judges pass rate, passed-only latency and per-task filters', () => {
    const mixed = records(
      Array.from({ length: 300 }, () => 50),
      (index) => index % 10 !== 0,
    );
    expect(evaluateSlo(parseThreshold('passRate>=0.5'), mixed, { alpha: 0.01, final: false }).verdict).toBe(
      'met',
    );
    expect(evaluateSlo(parseThreshold('passRate>=0.99'), mixed, { alpha: 0.01, final: false }).verdict).toBe(
      'missed',
    );
    expect(
      evaluateSlo(parseThreshold('passedE2e.p95<1s'), mixed, { alpha: 0.01, final: false }).samples,
    ).toBe(270);
    expect(
      evaluateSlo(parseThreshold('task=other:e2e.p95<1s'), mixed, { alpha: 0.01, final: false }).verdict,
    ).toBe('undecided');
  });

  it('keeps its stated error under sequential looks: a p95 exactly at the bound is rarely called met', () => {
    // Latency uniform on 0..1000 ms: the true p95 is 950 ms. An SLO of p95<950ms must not be "met"
    // more often than alpha over a whole probe of up to 1,000 samples, looking as the probe does.
    const random = seededRandom(42);
    let falselyMet = 0;
    const trials = 200;
    for (let trial = 0; trial < trials; trial++) {
      const rule = new SloStopRule([parseThreshold('e2e.p95<950ms')], 0.95);
      const seen: TaskRecord[] = [];
      for (let n = 0; n < 1000; n++) {
        seen.push(...records([random() * 1000]));
        if (rule.check(seen) !== null) break;
      }
      if (rule.conclude(undefined)[0]!.verdict === 'met') falselyMet++;
    }
    expect(falselyMet / trials).toBeLessThanOrEqual(0.05);
  });

  it('spends alpha so that the looks sum to at most alpha', () => {
    const schedule = new LookSchedule(0.05);
    let spent = 0;
    for (let n = 1; n <= 100_000; n++) if (schedule.due(n)) spent += schedule.alphaNow;
    expect(spent).toBeLessThanOrEqual(0.05);
    expect(schedule.count).toBeGreaterThan(10);
  });
});

describe('--until rules', () => {
  it('parses ci(METRIC.pXX)<=N% and rejects other shapes', () => {
    expect(parseUntilRule('ci(e2e.p95)<=5%')).toMatchObject({
      metric: 'e2e',
      statistic: 'p95',
      relativeHalfWidth: 0.05,
    });
    expect(parseUntilRule('ci(task=a:passedE2e.p99)<=10%').task).toBe('a');
    expect(() => parseUntilRule('ci(passRate)<=5%')).toThrow(/ci\(METRIC\.pXX\)/);
    expect(() => parseUntilRule('e2e.p95<=5%')).toThrow(/invalid --until/);
  });

  it('is satisfied once the relative half-width of the interval is small enough', () => {
    const random = seededRandom(7);
    const latencies = Array.from({ length: 4000 }, () => 100 + random() * 100);
    const rule = parseUntilRule('ci(e2e.p95)<=2%');
    const early = untilState(rule, records(latencies.slice(0, 50)));
    expect(early.interval).toBeNull();
    expect(early.satisfied).toBe(false);
    const late = untilState(rule, records(latencies));
    expect(late.relativeHalfWidth!).toBeLessThan(0.02);
    expect(late.satisfied).toBe(true);
  });
});
