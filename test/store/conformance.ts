import { afterEach, describe, expect, it } from 'vitest';
import type { RunStore } from '../../src/spec/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

/** How a store implementation is opened and reopened in the conformance suite. */
export interface StoreFactory {
  /** A new, empty store. Called once per test; the handle is the store's location. */
  create(): Promise<{ location: string; open(): Promise<RunStore> }>;
  /** Makes the store at `location` claim a newer schema version than this agentperf writes. */
  bumpSchemaVersion(location: string, version: number): Promise<void>;
}

/** The behaviour every RunStore must have, SQLite and PostgreSQL alike. */
export function runStoreConformance(name: string, factory: () => StoreFactory | null): void {
  const opened: RunStore[] = [];
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });
  const openTracked = async (location: { open(): Promise<RunStore> }): Promise<RunStore> => {
    const store = await location.open();
    opened.push(store);
    return store;
  };

  describe(`${name} store conformance`, () => {
    it('keeps a run whole: its tasks and spans in order and its results', async (context) => {
      const made = factory();
      if (made === null) return context.skip();
      const location = await made.create();
      const store = await openTracked(location);
      const run = syntheticRun({ seed: 3, runId: 'run-a', tasksPerLevel: 40 });
      await store.beginRun({
        runId: 'run-a',
        suite: run.results.suite,
        fabric: run.results.fabric,
        startedAt: run.results.startedAt,
        simulated: true,
        config: { levels: [1, 16] },
        gitRevision: 'abc123',
      });
      // Two batches, as the writer sends them, must read back as one ordered list.
      await store.appendTasks(run.tasks.slice(0, 30));
      await store.appendSpans('run-a', run.spans.slice(0, 100));
      await store.appendTasks(run.tasks.slice(30));
      await store.appendSpans('run-a', run.spans.slice(100));
      expect(await store.loadResults('run-a')).toBeNull();
      await store.finishRun('run-a', run.results);
      expect(await store.loadTasks('run-a')).toEqual(run.tasks);
      expect(await store.loadSpans('run-a')).toEqual(run.spans);
      expect(await store.loadResults('run-a')).toEqual(run.results);
      expect(await store.listRuns()).toEqual([
        {
          runId: 'run-a',
          suite: run.results.suite,
          fabric: run.results.fabric,
          status: run.results.status,
          startedAt: run.results.startedAt,
          finishedAt: run.results.finishedAt,
          simulated: true,
          gitRevision: 'abc123',
        },
      ]);
      expect(await store.loadTasks('no-such-run')).toEqual([]);
      expect(await store.loadResults('no-such-run')).toBeNull();
    });

    it('lists runs oldest first, by suite, up to a limit', async (context) => {
      const made = factory();
      if (made === null) return context.skip();
      const store = await openTracked(await made.create());
      const begin = (runId: string, suite: string, startedAt: string) =>
        store.beginRun({
          runId,
          suite,
          fabric: 'f',
          startedAt,
          simulated: false,
          config: {},
          gitRevision: null,
        });
      await begin('late', 'one', '2026-03-01T00:00:00.000Z');
      await begin('early', 'one', '2026-01-01T00:00:00.000Z');
      await begin('other', 'two', '2026-02-01T00:00:00.000Z');
      expect((await store.listRuns()).map((run) => run.runId)).toEqual(['early', 'other', 'late']);
      expect((await store.listRuns({ suite: 'one' })).map((run) => run.runId)).toEqual(['early', 'late']);
      expect((await store.listRuns({ suite: 'one', limit: 1 })).map((run) => run.runId)).toEqual(['early']);
      expect((await store.listRuns())[0]).toMatchObject({
        status: 'running',
        finishedAt: null,
        simulated: false,
      });
    });

    it('takes two writers at once without losing or mixing records', async (context) => {
      const made = factory();
      if (made === null) return context.skip();
      const location = await made.create();
      const [first, second] = [await openTracked(location), await openTracked(location)];
      const runs = [syntheticRun({ seed: 5, runId: 'w1' }), syntheticRun({ seed: 6, runId: 'w2' })];
      await Promise.all(
        [first, second].map(async (store, index) => {
          const run = runs[index]!;
          await store.beginRun({
            runId: run.results.runId,
            suite: 's',
            fabric: 'f',
            startedAt: `2026-01-0${index + 1}T00:00:00.000Z`,
            simulated: true,
            config: {},
            gitRevision: null,
          });
          for (let start = 0; start < run.tasks.length; start += 25) {
            await store.appendTasks(run.tasks.slice(start, start + 25));
            await store.appendSpans(run.results.runId, run.spans.slice(start * 4, start * 4 + 100));
          }
          await store.appendSpans(run.results.runId, run.spans.slice(Math.ceil(run.tasks.length / 25) * 100));
          await store.finishRun(run.results.runId, run.results);
        }),
      );
      const reader = await openTracked(location);
      for (const run of runs) {
        expect(await reader.loadTasks(run.results.runId)).toEqual(run.tasks);
        expect(await reader.loadSpans(run.results.runId)).toEqual(run.spans);
      }
      expect((await reader.listRuns()).map((run) => run.runId)).toEqual(['w1', 'w2']);
    });

    it('reopens with its runs, and refuses a store of a newer schema version', async (context) => {
      const made = factory();
      if (made === null) return context.skip();
      const location = await made.create();
      const store = await location.open();
      await store.beginRun({
        runId: 'kept',
        suite: 's',
        fabric: 'f',
        startedAt: '2026-01-01T00:00:00.000Z',
        simulated: true,
        config: {},
        gitRevision: null,
      });
      await store.close();
      const again = await openTracked(location);
      expect((await again.listRuns()).map((run) => run.runId)).toEqual(['kept']);
      await made.bumpSchemaVersion(location.location, 99);
      await expect(location.open()).rejects.toThrow(
        /schema version 99, newer than this agentperf understands \(\d+\)/,
      );
    });
  });
}
