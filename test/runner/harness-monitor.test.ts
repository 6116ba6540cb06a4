import { describe, expect, it } from 'vitest';
import { EXACT_SAMPLES, SampleColumn } from '../../src/metrics/index.js';
import { HarnessMonitor } from '../../src/runner/harness-monitor.js';

describe('the harness monitor on open-loop start lag', () => {
  it('warns when the start lag p99 passes its limit, and not below it', () => {
    const late = new SampleColumn();
    for (let n = 0; n < 1000; n++) late.push(n < 980 ? 1 : 40);
    const monitor = new HarnessMonitor();
    monitor.start();
    const health = monitor.stop(late);
    expect(health.startLagP99Ms).toBe(40);
    expect(health.warnings.some((warning) => warning.includes('behind schedule at p99'))).toBe(true);

    const onTime = new SampleColumn();
    for (let n = 0; n < 1000; n++) onTime.push(n < 995 ? 1 : 40);
    monitor.start();
    const fine = monitor.stop(onTime);
    expect(fine.startLagP99Ms).toBe(1);
    expect(fine.warnings.some((warning) => warning.includes('behind schedule'))).toBe(false);
  });

  it('keeps the lags bounded on a long level and still reads their p99', () => {
    const lags = new SampleColumn();
    const count = EXACT_SAMPLES + 10_000;
    // 2% of arrivals 30 ms late, the rest 0.5 ms: p99 is 30 ms.
    for (let n = 0; n < count; n++) lags.push(n % 50 === 0 ? 30 : 0.5);
    expect(lags.isExact).toBe(false);
    const monitor = new HarnessMonitor();
    monitor.start();
    expect(monitor.stop(lags).startLagP99Ms).toBeCloseTo(30, 1);
  });

  it('reads no start lag for a closed loop', () => {
    const monitor = new HarnessMonitor();
    monitor.start();
    expect(monitor.stop().startLagP99Ms).toBe(0);
  });
});
