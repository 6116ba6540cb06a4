import type { SqlWorkerPool } from '../../tools/index.js';

/** What prepare() builds once per run: the query workers over the seed's database. */
export interface SqlShared {
  pool: SqlWorkerPool;
  /** Called by the runner after the run: stops the workers. */
  close(): Promise<void>;
}

/** Per execution: the shared pool (the database is read-only, so executions need no copy of their own). */
export interface SqlState {
  pool: SqlWorkerPool;
}
