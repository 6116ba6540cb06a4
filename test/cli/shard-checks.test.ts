import { describe, expect, it } from 'vitest';
import { checkShardSet, checkWindowsOverlap } from '../../src/commands/shard-checks.js';
import type { ReportInput } from '../../src/report/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

function shard(index: number, count: number, changes: { seed?: number; plan?: string } = {}): ReportInput {
  const run = syntheticRun({ seed: 3, runId: `r-s${index}of${count}`, tasksPerLevel: 2 });
  return {
    ...run,
    results: {
      ...run.results,
      seed: changes.seed ?? 42,
      shard: { index, count, planDigest: changes.plan ?? 'p1', startAt: null, epochMs: 0, levelWindows: {} },
    },
  };
}

describe('merge checks that shards belong together', () => {
  it('orders a complete set by index', () => {
    expect(
      checkShardSet([shard(1, 3), shard(2, 3), shard(0, 3)])!.map((run) => run.results.shard.index),
    ).toEqual([0, 1, 2]);
  });

  it('refuses a missing shard, a doubled one, another seed, plan or count, and a non-shard', () => {
    expect(() => checkShardSet([shard(0, 3), shard(2, 3)])).toThrow(/shard 1 of 3 missing/);
    expect(() => checkShardSet([shard(0, 2), shard(0, 2), shard(1, 2)])).toThrow(/shard 0 is given twice/);
    expect(() => checkShardSet([shard(0, 2), shard(1, 2, { seed: 7 })])).toThrow(
      /shard 1 \(r-s1of2\) ran seed 7, but shard 0 \(r-s0of2\) ran 42/,
    );
    expect(() => checkShardSet([shard(0, 2), shard(1, 2, { plan: 'p2' })])).toThrow(/ran a different plan/);
    expect(() => checkShardSet([shard(0, 2), shard(1, 3)])).toThrow(/shard count of 3/);
    const plain = syntheticRun({ seed: 4, runId: 'plain' });
    expect(() => checkShardSet([shard(0, 2), plain])).toThrow(/run plain is not a shard/);
    expect(checkShardSet([plain, syntheticRun({ seed: 5 })])).toBeNull();
  });

  it('refuses a level whose shards did not overlap, and measures the overlap otherwise', () => {
    const window = (shardIndex: number, startMs: number, endMs: number) => ({
      shard: shardIndex,
      runId: 'r',
      startMs,
      endMs,
    });
    const overlap = checkWindowsOverlap(new Map([['c4', [window(0, 0, 1000), window(1, 500, 1500)]]]));
    expect(overlap.get('c4')).toBeCloseTo(500 / 1500, 9);
    expect(() => checkWindowsOverlap(new Map([['c4', [window(0, 0, 1000), window(1, 2000, 3000)]]]))).toThrow(
      /level c4: shard 1 ran it \(2\.0–3\.0 s\), after shard 0 had finished it \(0\.0–1\.0 s\)/,
    );
  });
});
