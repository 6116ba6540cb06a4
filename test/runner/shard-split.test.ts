import { describe, expect, it } from 'vitest';
import {
  activeShares,
  arrivalSeed,
  globalExecution,
  parseShare,
  shareAgents,
  shareExecutions,
  shareRate,
} from '../../src/runner/index.js';
import { agreedStart } from '../../src/runner/shard-meeting.js';

/** Every execution number each share runs at a level of `total` executions. */
function executionsOf(total: number, count: number, agents: number): number[][] {
  const stride = activeShares(agents, count);
  return Array.from({ length: count }, (_, index) =>
    Array.from({ length: shareExecutions(total, { index, count }, stride) }, (_, k) =>
      globalExecution(k, { index, count }, stride),
    ),
  );
}

describe('splitting a level across shares', () => {
  it('partitions the executions: their union is the unsplit plan, none twice', () => {
    for (const [total, count, agents] of [
      [13, 4, 16],
      [12, 4, 4],
      [7, 3, 64],
      [10, 4, 2],
      [1, 4, 4],
    ] as const) {
      const parts = executionsOf(total, count, agents);
      expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n));
    }
  });

  it('splits agents with the remainder on the lowest indices, and none to shares beyond the agents', () => {
    expect([0, 1, 2, 3].map((index) => shareAgents(10, { index, count: 4 }))).toEqual([3, 3, 2, 2]);
    expect([0, 1, 2, 3].map((index) => shareAgents(2, { index, count: 4 }))).toEqual([1, 1, 0, 0]);
    // A share without agents owns no executions, so nothing is left unrun.
    expect(executionsOf(10, 4, 2).map((part) => part.length)).toEqual([5, 5, 0, 0]);
  });

  it('splits the rate and gives every share its own arrival seed', () => {
    expect(shareRate(30, { index: 1, count: 4 })).toBe(7.5);
    const seeds = [0, 1, 2, 3].map((index) => arrivalSeed(42, 'r30', { index, count: 4 }));
    expect(new Set(seeds).size).toBe(4);
    expect(seeds).not.toContain(arrivalSeed(42, 'r30', { index: 0, count: 1 }));
    expect(arrivalSeed(42, 'r30', { index: 2, count: 4 })).toBe(seeds[2]);
  });

  it('parses INDEX/COUNT and says what is wrong otherwise', () => {
    expect(parseShare('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShare('4/4')).toMatch(/index 4 is out of range 0..3/);
    expect(parseShare('1-4')).toMatch(/not INDEX\/COUNT/);
  });

  it('agrees on one start once every shard has arrived', () => {
    const arrivals = [
      { shard: 0, atMs: 1_000 },
      { shard: 2, atMs: 4_000 },
      { shard: 1, atMs: 2_500 },
    ];
    expect(agreedStart(arrivals.slice(0, 2), 3, null)).toBeNull();
    expect(agreedStart(arrivals, 3, null)).toBe(5_000);
    expect(agreedStart(arrivals, 3, 9_000)).toBe(9_000);
  });
});
