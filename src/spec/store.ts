import type { SpanRecord, TaskRecord } from './records.js';
import type { RunResults } from './results.js';

/** A run as listed by the store. */
export interface StoredRunSummary {
  runId: string;
  suite: string;
  fabric: string;
  /** `running` while a live process writes it; a row whose writer is gone reads as `partial`. */
  status: RunResults['status'] | 'running';
  startedAt: string;
  finishedAt: string | null;
  simulated: boolean;
  gitRevision: string | null;
}

/** A value now (the embedded SQLite store) or later (a network store such as PostgreSQL). */
export type Awaitable<T> = T | Promise<T>;

/**
 * Where runs are kept for later comparison and history. Writes are
 * append-only and batched; reads serve analysis, never the runner.
 * Callers always await: the embedded store answers at once, a network
 * store (PostgreSQL) later, and one conformance suite holds both to the
 * same behaviour.
 */
export interface RunStore {
  beginRun(run: {
    runId: string;
    suite: string;
    fabric: string;
    startedAt: string;
    simulated: boolean;
    config: unknown;
    gitRevision: string | null;
  }): Awaitable<void>;
  appendTasks(records: TaskRecord[]): Awaitable<void>;
  appendSpans(runId: string, records: SpanRecord[]): Awaitable<void>;
  finishRun(runId: string, results: RunResults): Awaitable<void>;
  listRuns(filter?: { suite?: string; limit?: number }): Awaitable<StoredRunSummary[]>;
  loadResults(runId: string): Awaitable<RunResults | null>;
  loadTasks(runId: string): Awaitable<TaskRecord[]>;
  loadSpans(runId: string): Awaitable<SpanRecord[]>;
  close(): Awaitable<void>;
}

/** One shard's arrival at a meeting point of a sharded run. */
export interface ShardArrival {
  shard: number;
  /** Unix ms when it arrived. */
  atMs: number;
}

/**
 * Where the shards of one run meet before each level (`run --rendezvous`),
 * kept in the shared store: each shard records its arrival, and all start
 * together once every shard has arrived.
 */
export interface ShardMeetingPoint {
  /** Records that `shard` reached `step` of `group` (a second arrival keeps the first). */
  arrive(group: string, step: string, arrival: ShardArrival): Awaitable<void>;
  /** Every arrival at `step` of `group` so far. */
  arrivals(group: string, step: string): Awaitable<ShardArrival[]>;
  close(): Awaitable<void>;
}
