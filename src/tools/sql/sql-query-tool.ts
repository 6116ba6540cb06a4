import type Database from 'better-sqlite3';
import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { defineTool } from '../define-tool.js';
import { runReadOnlyQuery, type SqlQueryResult } from './read-only-query.js';
import type { SqlWorkerPool } from './sql-worker-pool.js';

export type { SqlQueryResult } from './read-only-query.js';

interface SqlQueryToolCommon {
  /** Tool name (default 'sql_query'). */
  name?: string;
  description?: string;
}

/** Queries run synchronously on the caller's thread: fine for tiny per-execution databases. */
// biome-ignore lint/suspicious/noExplicitAny: the default lets `(env) => env.state.db` type-check without annotations.
export interface SqlQueryToolDatabaseOptions<State = any> extends SqlQueryToolCommon {
  /** The database of this execution (usually a clone held in the task state). */
  database: (env: ToolEnv<State>) => Database.Database;
  /** Rows returned at most; more set `truncated` (default 200). */
  maxRows?: number;
  /**
   * Time after which row reading stops, ms (default 5000). better-sqlite3
   * exposes no sqlite3_interrupt, so this is checked between rows: a query
   * that computes for long before its first row cannot be stopped. Use
   * `pool` for a hard limit.
   */
  timeoutMs?: number;
}

/** Queries run in a SqlWorkerPool, off the main thread; the pool's maxRows and timeoutMs apply. */
// biome-ignore lint/suspicious/noExplicitAny: see SqlQueryToolDatabaseOptions.
export interface SqlQueryToolPoolOptions<State = any> extends SqlQueryToolCommon {
  /** The pool, or how to find it for an execution (e.g. `(env) => env.state.pool`). */
  pool: SqlWorkerPool | ((env: ToolEnv<State>) => SqlWorkerPool);
}

/** Options of sqlQueryTool: a database to query in-thread, or a worker pool. */
// biome-ignore lint/suspicious/noExplicitAny: see SqlQueryToolDatabaseOptions.
export type SqlQueryToolOptions<State = any> =
  | SqlQueryToolDatabaseOptions<State>
  | SqlQueryToolPoolOptions<State>;

/**
 * A read-only SQL tool: one SELECT (or WITH … SELECT) statement, judged
 * read-only by SQLite itself (`stmt.readonly` and `stmt.reader`), never by
 * pattern matching. SQLite's error messages come back to the model as
 * ToolErrors so it can correct its query. With a `pool`, queries run in
 * worker processes, so a slow one neither blocks the harness's event loop
 * nor outlives its time limit.
 */
// biome-ignore lint/suspicious/noExplicitAny: see SqlQueryToolDatabaseOptions.
export function sqlQueryTool<State = any>(options: SqlQueryToolOptions<State>): ToolImplementation<State> {
  const run = 'pool' in options ? poolRunner(options) : databaseRunner(options);
  return defineTool<State>({
    name: options.name ?? 'sql_query',
    description:
      options.description ??
      'Runs one read-only SQL SELECT statement on the SQLite database and returns its columns and rows.',
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', minLength: 1, description: 'One SQLite SELECT statement.' } },
      required: ['query'],
      additionalProperties: false,
    },
    kind: 'tool',
    call: (args, env) => run(String(args.query), env),
  });
}

type Runner<State> = (query: string, env: ToolEnv<State>) => Promise<SqlQueryResult>;

function databaseRunner<State>(options: SqlQueryToolDatabaseOptions<State>): Runner<State> {
  const limits = { maxRows: options.maxRows ?? 200, timeoutMs: options.timeoutMs ?? 5000 };
  return async (query, env) => runReadOnlyQuery(options.database(env), query, [], limits);
}

function poolRunner<State>(options: SqlQueryToolPoolOptions<State>): Runner<State> {
  const source = options.pool;
  return (query, env) => {
    const pool = typeof source === 'function' ? source(env) : source;
    return pool.query(query, [], { signal: env.signal });
  };
}
