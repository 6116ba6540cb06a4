import { describe, expect, it } from 'vitest';
import { placementEffects } from '../../src/analysis/index.js';
import type { RunResults } from '../../src/spec/index.js';

/** A run with one level: its mean e2e and the network's share of the critical path. */
function run(meanMs: number, networkShare: number | null): RunResults {
  const byStepKind =
    networkShare === null
      ? {}
      : { network: { count: 1, ms: { p50: 1, p95: 1, p99: 1 }, criticalPathShare: networkShare } };
  return { levels: [{ label: 'c1', e2eMs: { mean: meanMs }, byStepKind }] } as unknown as RunResults;
}

describe('placement effect on a ranking', () => {
  it('says placement decided the order when removing network time reverses it', () => {
    // gpu: 1000 ms, 40 % network → 600 ms; cpu: 800 ms, 5 % network → 760 ms.
    const [effect] = placementEffects(['gpu', 'cpu'], [run(1000, 0.4), run(800, 0.05)], ['c1']);
    expect(effect?.orderWithNetwork).toEqual(['cpu', 'gpu']);
    expect(effect?.orderWithoutNetwork).toEqual(['gpu', 'cpu']);
    expect(effect?.meanE2eWithoutNetworkMs.gpu).toBeCloseTo(600, 9);
    expect(effect?.decided).toBe(true);
  });

  it('says it did not when the order holds, and leaves out levels with no network at all', () => {
    const [effect] = placementEffects(['a', 'b'], [run(500, 0.1), run(900, 0.2)], ['c1']);
    expect(effect?.decided).toBe(false);
    expect(placementEffects(['a', 'b'], [run(500, null), run(900, 0)], ['c1'])).toEqual([]);
  });
});
