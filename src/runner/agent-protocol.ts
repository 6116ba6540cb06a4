import type { ResolvedLevel, ResolvedRun } from '../config/index.js';
import type { ConfigIssue, ErrorKind } from '../errors.js';
import type { HarnessHealth, SpanRecord, TaskRecord } from '../spec/index.js';
import type { LoadShare } from './shard-split.js';
import type { SimulatorAddress } from './simulator-host.js';

/**
 * Where a worker thread loads the suite from: the module (a URL) exports
 * `loadSuiteForWorker(file)`, which the CLI points at its own suite loader
 * (bundled tasks included). Task modules are loaded by each worker itself,
 * never cloned: functions and open handles cannot cross threads.
 */
export interface SuiteSource {
  loader: string | null;
  file: string | null;
}

/** What an agent worker thread starts with (its workerData). */
export interface AgentWorkerInit {
  worker: LoadShare;
  shard: LoadShare;
  /** The shard index records carry, in a sharded run. */
  shardOnRecords: number | null;
  suite: SuiteSource;
  run: ResolvedRun;
  runId: string;
  /** The run's epoch as an absolute time (performance.timeOrigin + clock reading of the main thread). */
  runEpochAbs: number;
  simulators: Array<[string, SimulatorAddress]>;
}

/** Resume state of one level, without its records (the main thread keeps those). */
export interface LevelResumeSlim {
  done: ReadonlySet<number>;
  nextN: number;
  elapsedMs: number;
}

export type ToWorker =
  | {
      type: 'level';
      level: ResolvedLevel;
      resumed: LevelResumeSlim | null;
      /** Absolute start of the level: every worker times its duration and arrival schedule from it. */
      startAbs: number;
    }
  | { type: 'stop' }
  | { type: 'abort'; reason: string }
  | { type: 'close' };

/** An error as it crosses threads: rebuilt as the same kind of AgentperfError. */
export interface WorkerFailure {
  message: string;
  kind: ErrorKind | null;
  hint: string | null;
  issues: ConfigIssue[] | null;
}

export type FromWorker =
  | { type: 'ready'; prepareMs: Record<string, number> }
  | { type: 'failed'; error: WorkerFailure }
  | { type: 'prepare'; task: string; done: number; total: number; what: string }
  /** Spans and records in the order they were emitted; `started` tasks began since the last batch. */
  | { type: 'batch'; spans: SpanRecord[]; tasks: TaskRecord[]; started: number }
  | { type: 'level-done'; harness: HarnessHealth }
  /** `lingering`: what still held the worker's event loop once it had closed everything ("" when nothing). */
  | { type: 'closed'; lingering: string; unclosed: string[] };
