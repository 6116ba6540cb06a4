import { describe, expect, it } from 'vitest';
import type { ResolvedLevel } from '../../src/config/index.js';
import { SampleColumn } from '../../src/metrics/index.js';
import { runClosedLoop } from '../../src/runner/closed-loop.js';
import type { LevelDriver } from '../../src/runner/level-driver.js';
import { runOpenLoop } from '../../src/runner/open-loop.js';
import { WHOLE, type LoadShare } from '../../src/runner/index.js';

/**
 * A driver that records what the loops ask it to run (execution n, due
 * time) on a clock that moves only when slept on: the loops' split is
 * checked without timing anything.
 */
function fakeDriver(level: ResolvedLevel, done: ReadonlySet<number> = new Set()) {
  let now = 0;
  const ran: Array<{ n: number; dueAt: number | null }> = [];
  const signal = new AbortController().signal;
  const driver = {
    level,
    longestSetupMs: 0,
    startLagsMs: new SampleColumn(),
    stopping: false,
    signal,
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    },
    isDone: (n: number) => done.has(n),
    timeBudget: () => ({ firstN: 0, remainingMs: Number.POSITIVE_INFINITY }),
    execute: async (n: number, dueAt: number | null) => {
      ran.push({ n, dueAt });
      return false;
    },
  };
  return { driver: driver as unknown as LevelDriver, ran };
}

function level(partial: Partial<ResolvedLevel>): ResolvedLevel {
  return {
    label: 'x',
    mode: 'closed',
    concurrency: 4,
    rate: null,
    process: null,
    maxInFlight: null,
    tasks: 20,
    durationS: null,
    warmupTasks: 3,
    ...partial,
  };
}

const workersOf = (count: number): LoadShare[] =>
  Array.from({ length: count }, (_, index) => ({ index, count }));

describe('worker threads split a level as shards do', () => {
  it('closed loop: the workers of a shard together run the shard’s executions, none twice', async () => {
    for (const [agents, count, shard] of [
      [4, 2, WHOLE],
      [5, 3, WHOLE],
      [1, 2, WHOLE],
      [16, 4, { index: 1, count: 3 }],
      [3, 2, { index: 0, count: 2 }],
    ] as const) {
      const theLevel = level({ concurrency: agents });
      const alone = fakeDriver(theLevel);
      await runClosedLoop(alone.driver, shard);
      const split: number[] = [];
      for (const worker of workersOf(count)) {
        const part = fakeDriver(theLevel);
        await runClosedLoop(part.driver, shard, worker);
        split.push(...part.ran.map((run) => run.n));
      }
      const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
      expect(sorted(split)).toEqual(sorted(alone.ran.map((run) => run.n)));
    }
  });

  it('closed loop: recorded executions of a resumed level are skipped by every worker', async () => {
    const theLevel = level({ concurrency: 4, tasks: 10, warmupTasks: 0 });
    const done = new Set([0, 3, 4, 9]);
    const split: number[] = [];
    for (const worker of workersOf(2)) {
      const part = fakeDriver(theLevel, done);
      await runClosedLoop(part.driver, WHOLE, worker);
      split.push(...part.ran.map((run) => run.n));
    }
    expect(split.sort((a, b) => a - b)).toEqual([1, 2, 5, 6, 7, 8]);
  });

  it('open loop: the workers walk one schedule: every arrival once, at its unsplit time', async () => {
    for (const process of ['poisson', 'constant'] as const) {
      const theLevel = level({
        mode: 'open',
        concurrency: null,
        rate: 50,
        process,
        tasks: 40,
        warmupTasks: 0,
      });
      const alone = fakeDriver(theLevel);
      await runOpenLoop(alone.driver, 11, WHOLE, WHOLE, 0);
      const split: Array<{ n: number; dueAt: number | null }> = [];
      for (const worker of workersOf(3)) {
        const part = fakeDriver(theLevel);
        await runOpenLoop(part.driver, 11, WHOLE, worker, 0);
        // Each worker's own arrivals come in schedule order.
        const dues = part.ran.map((run) => run.dueAt!);
        expect(dues).toEqual([...dues].sort((a, b) => a - b));
        split.push(...part.ran);
      }
      split.sort((a, b) => a.n - b.n);
      expect(split).toEqual(alone.ran);
    }
  });
});

describe('the default number of workers', () => {
  it('is the cores less one, 2 on two cores, 1 on one, at most 16', async () => {
    const { defaultWorkers } = await import('../../src/runner/index.js');
    expect([1, 2, 3, 4, 8, 32].map((cores) => defaultWorkers(cores))).toEqual([1, 2, 2, 3, 7, 16]);
  });
});
