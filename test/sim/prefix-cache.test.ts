import { describe, expect, it } from 'vitest';
import { PrefixCache } from '../../src/sim/engine/prefix-cache.js';

const chain = (name: string, ...lengths: number[]) =>
  lengths.map((tokens) => ({ hash: `${name}:${tokens}`, tokens }));

describe('PrefixCache', () => {
  it('holds a re-inserted prefix once, so repeating one prompt never evicts the others', () => {
    const cache = new PrefixCache(10_000);
    const system = chain('system', 500, 1008);
    const other = chain('other', 700);
    cache.insert(other);
    for (let round = 0; round < 40; round++) cache.insert(system);
    // 1,008 + 700 tokens held, however often the first prompt came back.
    expect(cache.held).toBe(1708);
    expect(cache.lookup(other)).toBe(688);
    expect(cache.lookup(system)).toBe(1008);
  });

  it('counts only the tokens a longer prompt or its completion adds, and frees them on eviction', () => {
    const cache = new PrefixCache(2_000);
    cache.insert(chain('a', 512, 1024), chain('a', 1200));
    expect(cache.held).toBe(1200);
    // A second conversation past the capacity evicts the oldest entries first.
    cache.insert(chain('b', 1500));
    expect(cache.held).toBeLessThanOrEqual(2_000);
    expect(cache.lookup(chain('b', 1500))).toBe(1488);
    expect(cache.lookup(chain('a', 512))).toBe(0);
  });
});
