import type Database from 'better-sqlite3';
import { ToolError } from '../../errors.js';

/** What the SQL tool returns: rows as arrays in column order. */
export interface SqlQueryResult {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/** Limits of one read-only query. */
export interface ReadOnlyQueryLimits {
  /** Rows returned at most; more set `truncated`. */
  maxRows: number;
  /**
   * Time after which row reading stops, ms. Checked between rows only:
   * better-sqlite3 cannot interrupt a statement, so callers that need a
   * hard limit run the query in a process they can kill (SqlWorkerPool).
   */
  timeoutMs: number;
}

/**
 * Runs one statement that SQLite itself judges read-only (`stmt.readonly`
 * and `stmt.reader`, never pattern matching) and returns its rows as arrays.
 * Every failure is a ToolError carrying SQLite's message, so a model can
 * correct its query.
 */
export function runReadOnlyQuery(
  database: Database.Database,
  query: string,
  params: readonly unknown[],
  limits: ReadOnlyQueryLimits,
): SqlQueryResult {
  const statement = prepare(database, query);
  if (!statement.readonly || !statement.reader) {
    throw new ToolError('only a single read-only SELECT statement is allowed');
  }
  // Safe integers so values beyond 2^53 reach the model exactly (as text), not rounded.
  statement.raw(true).safeIntegers(true);
  const columns = statement.columns().map((column) => column.name);
  const rows: unknown[][] = [];
  const deadline = performance.now() + limits.timeoutMs;
  let truncated = false;
  try {
    for (const row of statement.iterate(...params) as IterableIterator<unknown[]>) {
      if (rows.length >= limits.maxRows) {
        truncated = true;
        break;
      }
      if (performance.now() > deadline) throw timedOut(limits.timeoutMs);
      rows.push(row.map(toJsonValue));
    }
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(`SQL error: ${messageOf(error)}`);
  }
  return { columns, rows, truncated };
}

/** The error a query over its time limit ends with, wherever it was stopped. */
export function timedOut(timeoutMs: number): ToolError {
  return new ToolError(`the query took longer than ${timeoutMs} ms and was stopped`);
}

function prepare(database: Database.Database, query: string): Database.Statement {
  try {
    return database.prepare(query);
  } catch (error) {
    throw new ToolError(`SQL error: ${messageOf(error)}`);
  }
}

/** BigInt and Buffer do not survive JSON: small integers become numbers, the rest text. */
function toJsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (Buffer.isBuffer(value)) return `<blob ${value.length} bytes>`;
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
