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

/**
 * Where runs are kept for later comparison and history. Writes are
 * append-only and batched; reads serve analysis, never the runner.
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
  }): void;
  appendTasks(records: TaskRecord[]): void;
  appendSpans(runId: string, records: SpanRecord[]): void;
  finishRun(runId: string, results: RunResults): void;
  listRuns(filter?: { suite?: string; limit?: number }): StoredRunSummary[];
  loadResults(runId: string): RunResults | null;
  loadTasks(runId: string): TaskRecord[];
  loadSpans(runId: string): SpanRecord[];
  close(): void;
}
