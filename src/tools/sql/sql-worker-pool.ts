import { ToolError } from '../../errors.js';
import { type SqlQueryResult, timedOut } from './read-only-query.js';
import { SqlWorkerProcess } from './sql-worker-process.js';

/** Options of createSqlWorkerPool. */
export interface SqlWorkerPoolOptions {
  /** The database as `db.serialize()` returns it; every worker opens its own read-only copy. */
  image: Buffer;
  /** Worker processes, i.e. queries that run at once (default 2). */
  size?: number;
  /** Rows returned at most; more set `truncated` (default 200). */
  maxRows?: number;
  /** A query running longer than this, ms, is stopped by killing its worker (default 5000). */
  timeoutMs?: number;
}

/** Per-query options. */
export interface SqlQueryOptions {
  /** Aborting rejects the query: a queued one leaves the queue, a running one has its worker killed. */
  signal?: AbortSignal;
}

/** Read-only SQL queries run off the main thread, in killable worker processes. */
export interface SqlWorkerPool {
  /** Runs one read-only statement; SQLite errors, refusals and time-outs reject with a ToolError. */
  query(sql: string, params?: unknown[], options?: SqlQueryOptions): Promise<SqlQueryResult>;
  /** Resolves once every first worker has opened its copy of the database; rejects when one cannot. */
  ready(): Promise<void>;
  /** Rejects queued queries, kills every worker and waits until they have exited. */
  close(): Promise<void>;
}

interface Job {
  sql: string;
  params: unknown[];
  signal: AbortSignal | undefined;
  resolve(result: SqlQueryResult): void;
  reject(error: Error): void;
  /** Set once the query runs: stops it and frees its worker slot. */
  stop?: (error: Error) => void;
  onAbort?: () => void;
}

/**
 * Starts a pool of SQL workers over one database image. Queries go to an
 * idle worker or wait in order; the event loop of the caller only passes
 * messages, so a 150 ms query no longer delays every other task's clock
 * reads. A query over `timeoutMs` has its worker killed (SQLite cannot be
 * interrupted otherwise) and a fresh one takes its place.
 */
export function createSqlWorkerPool(options: SqlWorkerPoolOptions): SqlWorkerPool {
  const size = Math.max(1, options.size ?? 2);
  const maxRows = options.maxRows ?? 200;
  const timeoutMs = options.timeoutMs ?? 5000;
  const image: Uint8Array = options.image;
  const workers = new Set<SqlWorkerProcess>();
  const idle: SqlWorkerProcess[] = [];
  const queue: Job[] = [];
  let closed = false;
  let failure: Error | null = null;

  function spawn(): SqlWorkerProcess {
    const worker = new SqlWorkerProcess(image, maxRows);
    workers.add(worker);
    worker.onUnexpectedExit = () => {
      workers.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      if (!closed && failure === null) spawn();
    };
    worker.ready.then(
      () => {
        if (closed) return;
        idle.push(worker);
        pump();
      },
      (error: Error) => {
        // A worker that cannot even start will not start next time either: fail loudly, do not loop.
        workers.delete(worker);
        worker.onUnexpectedExit = null;
        void worker.kill();
        failure = error;
        for (const job of queue.splice(0)) finish(job, error);
      },
    );
    return worker;
  }

  function replace(worker: SqlWorkerProcess): void {
    workers.delete(worker);
    void worker.kill();
    if (!closed && failure === null) spawn();
  }

  function finish(job: Job, outcome: Error | SqlQueryResult): void {
    if (job.onAbort !== undefined) job.signal?.removeEventListener('abort', job.onAbort);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  function pump(): void {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as SqlWorkerProcess;
      run(worker, queue.shift() as Job);
    }
  }

  function run(worker: SqlWorkerProcess, job: Job): void {
    let settled = false;
    const timer = setTimeout(() => job.stop?.(timedOut(timeoutMs)), timeoutMs);
    job.stop = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      replace(worker);
      finish(job, error);
    };
    worker.run(job.sql, job.params).then(
      (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        finish(job, result);
        if (!closed) {
          idle.push(worker);
          pump();
        }
      },
      (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        finish(job, error);
        // An error reply leaves the worker able to serve; a worker that died is replaced by its exit handler.
        if (!closed && workers.has(worker)) {
          idle.push(worker);
          pump();
        }
      },
    );
  }

  const first = Array.from({ length: size }, () => spawn().ready);
  const allReady = Promise.all(first).then(() => undefined);
  allReady.catch(() => undefined);

  return {
    query(sql, params = [], queryOptions = {}) {
      if (closed) return Promise.reject(new ToolError('the SQL worker pool is closed'));
      if (failure !== null) return Promise.reject(failure);
      const signal = queryOptions.signal;
      if (signal?.aborted) return Promise.reject(new ToolError('the query was cancelled'));
      return new Promise<SqlQueryResult>((resolve, reject) => {
        const job: Job = { sql, params, signal, resolve, reject };
        if (signal !== undefined) {
          job.onAbort = () => {
            const cancelled = new ToolError('the query was cancelled');
            const index = queue.indexOf(job);
            if (index >= 0) {
              queue.splice(index, 1);
              finish(job, cancelled);
            } else job.stop?.(cancelled);
          };
          signal.addEventListener('abort', job.onAbort, { once: true });
        }
        queue.push(job);
        pump();
      });
    },
    ready: () => allReady,
    async close() {
      if (closed) return;
      closed = true;
      for (const job of queue.splice(0)) finish(job, new ToolError('the SQL worker pool is closed'));
      idle.length = 0;
      const all = [...workers];
      workers.clear();
      await Promise.all(all.map((worker) => worker.kill()));
    },
  };
}
