import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { StartPacer } from '../../src/runner/start-pacer.js';

const clock = { now: () => performance.now(), sleep: async () => {} };

describe('StartPacer', () => {
  it("lets the brief's 64 agents start at once", () => {
    const pacer = new StartPacer(clock);
    const turns = Array.from({ length: 64 }, () => pacer.turn());
    expect(turns.every((turn) => turn === undefined)).toBe(true);
  });

  it('queues a larger burst in arrival order and releases it a few starts per event-loop turn', async () => {
    const pacer = new StartPacer(clock);
    const released: number[] = [];
    const waits: Promise<void>[] = [];
    for (let index = 0; index < 200; index++) {
      const turn = pacer.turn();
      if (turn) waits.push(turn.then(() => void released.push(index)));
    }
    expect(waits).toHaveLength(136);
    const perTurn: number[] = [];
    let seen = 0;
    const sample = () => {
      perTurn.push(released.length - seen);
      seen = released.length;
      if (released.length < waits.length) setImmediate(sample);
    };
    setImmediate(sample);
    await Promise.all(waits);
    expect(released).toEqual(Array.from({ length: 136 }, (_, index) => 64 + index));
    // Other work (this sampler) ran between releases: never more than one batch at a time.
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(16);
    expect(perTurn.length).toBeGreaterThanOrEqual(Math.floor(136 / 16));
    // Drained: the next start opens a new burst.
    expect(pacer.turn()).toBeUndefined();
  });
});
