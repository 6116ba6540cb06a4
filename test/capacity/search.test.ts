import { describe, expect, it } from 'vitest';
import { type ProbeVerdict, searchCapacity } from '../../src/capacity/index.js';

/** A probe over a known monotone curve: meets up to the knee, misses above (undecided inside a grey band). */
function curveProbe(knee: number, grey = 0) {
  const tried: number[] = [];
  const probe = async (load: number): Promise<ProbeVerdict> => {
    tried.push(load);
    const verdict = load <= knee ? 'met' : load <= knee + grey ? 'undecided' : 'missed';
    return { load, verdict };
  };
  return { probe, tried };
}

describe('capacity search (growth then bisection)', () => {
  it('returns the knee exactly at resolution 1, for every knee in range', async () => {
    for (let knee = 1; knee < 100; knee++) {
      const { probe, tried } = curveProbe(knee);
      const outcome = await searchCapacity(probe, { min: 1, max: 128, resolution: 1, integer: true });
      expect(outcome.capacity).toBe(knee);
      expect(outcome.bracket).toEqual([knee, knee + 1]);
      expect(outcome.status).toBe('converged');
      // Growth then bisection: logarithmic in the range, never a linear scan.
      expect(tried.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(128)) + 1);
      expect(new Set(tried).size).toBe(tried.length);
    }
  });

  it('stays within one resolution step of the knee for coarser resolutions and for rates', async () => {
    for (const resolution of [2, 5, 8]) {
      for (let knee = 3; knee < 200; knee += 7) {
        const outcome = await searchCapacity(curveProbe(knee).probe, {
          min: 1,
          max: 256,
          resolution,
          integer: true,
        });
        expect(knee - outcome.capacity!).toBeGreaterThanOrEqual(0);
        expect(knee - outcome.capacity!).toBeLessThanOrEqual(resolution);
        expect(outcome.bracket[1]! - outcome.bracket[0]!).toBeLessThanOrEqual(resolution);
      }
    }
    const outcome = await searchCapacity(curveProbe(3.7).probe, {
      min: 0.5,
      max: 32,
      resolution: 0.1,
      integer: false,
    });
    expect(outcome.capacity!).toBeLessThanOrEqual(3.7);
    expect(outcome.capacity!).toBeGreaterThanOrEqual(3.6);
  });

  it('never calls an undecided probe a miss: the bracket names the lowest real miss', async () => {
    const outcome = await searchCapacity(curveProbe(10, 3).probe, {
      min: 1,
      max: 64,
      resolution: 1,
      integer: true,
    });
    expect(outcome.capacity).toBe(10);
    expect(outcome.lowestUndecided).toBe(11);
    expect(outcome.bracket[0]).toBe(10);
    expect(outcome.bracket[1] === null || outcome.bracket[1] > 13).toBe(true);
  });

  it('reports max-met, min-not-met and a stop between probes', async () => {
    expect(
      (await searchCapacity(curveProbe(1000).probe, { min: 1, max: 50, resolution: 1, integer: true }))
        .status,
    ).toBe('max-met');
    const below = await searchCapacity(curveProbe(0).probe, {
      min: 1,
      max: 50,
      resolution: 1,
      integer: true,
    });
    expect(below.status).toBe('min-not-met');
    expect(below.capacity).toBeNull();
    let calls = 0;
    const stopped = await searchCapacity(curveProbe(40).probe, {
      min: 1,
      max: 64,
      resolution: 1,
      integer: true,
      stopReason: () => (++calls > 3 ? 'budget spent' : null),
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.reason).toBe('budget spent');
    expect(stopped.probes).toHaveLength(3);
    expect(stopped.capacity).toBe(4);
  });

  it('tries nothing above a load the harness could not drive', async () => {
    const tried: number[] = [];
    const outcome = await searchCapacity(
      async (load: number): Promise<ProbeVerdict> => {
        tried.push(load);
        return load >= 16 ? { load, verdict: 'undecided', harnessLimited: true } : { load, verdict: 'met' };
      },
      { min: 1, max: 64, resolution: 1, integer: true },
    );
    expect(Math.max(...tried)).toBe(16);
    expect(outcome.capacity).toBe(15);
    expect(outcome.reason).toContain('harness could not drive 16');
  });
});
