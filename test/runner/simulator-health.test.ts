import { describe, expect, it } from 'vitest';
import { withSimulatorHealth } from '../../src/runner/harness-monitor.js';
import { hostSimulator } from '../../src/runner/simulator-host.js';
import type { HarnessHealth } from '../../src/spec/index.js';

const calm: HarnessHealth = {
  eventLoopLagMs: { p50: 0, p99: 1, max: 2 },
  cpuFraction: 0.2,
  startLagP99Ms: 0,
  warnings: [],
};

describe('the simulator thread watching itself', () => {
  // Only what holds on any machine: on a loaded one even an idle thread's loop reads as partly busy.
  it('reports its lag and busy share over a window in which it served requests', async () => {
    const simulator = await hostSimulator('builtin:gpu-pool', 1);
    try {
      simulator.health!.reset();
      await Promise.all(
        Array.from({ length: 40 }, (_, n) =>
          fetch(`${simulator.baseUrl}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              model: 'llama-3.1-8b',
              messages: [{ role: 'user', content: `count to ten (${n})` }],
              max_tokens: 64,
              stream: true,
            }),
          }).then((response) => response.text()),
        ),
      );
      const busy = await simulator.health!.read();
      expect(busy!.busyFraction).toBeGreaterThan(0);
      expect(busy!.busyFraction).toBeLessThanOrEqual(1);
      expect(busy!.lagP99Ms).toBeGreaterThanOrEqual(0);
      expect(busy!.lagMaxMs).toBeGreaterThanOrEqual(busy!.lagP99Ms);
    } finally {
      await simulator.close();
    }
  });

  it('warns when its lag passed the limit, with the figures; says nothing below it or without a simulator', () => {
    const late = withSimulatorHealth(calm, { lagP99Ms: 35, lagMaxMs: 80, busyFraction: 0.97 });
    expect(late.simulator).toEqual({ lagP99Ms: 35, lagMaxMs: 80, busyFraction: 0.97 });
    expect(late.warnings).toEqual([
      'simulator thread event-loop lag p99 was 35 ms (limit 20 ms, busy 97%): the simulated fabric answered later than its physics at this level',
    ]);
    const fine = withSimulatorHealth(calm, { lagP99Ms: 4, lagMaxMs: 30, busyFraction: 0.4 });
    expect(fine.warnings).toEqual([]);
    expect(fine.simulator?.lagP99Ms).toBe(4);
    expect(withSimulatorHealth(calm, null)).toBe(calm);
    // The level's own health is not changed in place.
    expect(calm.warnings).toEqual([]);
  });
});
