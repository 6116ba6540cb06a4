import type Database from 'better-sqlite3';
import { ToolError } from '../../errors.js';
import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { defineTool } from '../define-tool.js';

/** Options of sqlQueryTool. */
// biome-ignore lint/suspicious/noExplicitAny: the default lets `(env) => env.state.db` type-check without annotations.
export interface SqlQueryToolOptions<State = any> {
  /** Tool name (default 'sql_query'). */
  name?: string;
  description?: string;
  /** The database of this execution (usually a clone held in the task state). */
  database: (env: ToolEnv<State>) => Database.Database;
  /** Rows returned at most; more set `truncated` (default 200). */
  maxRows?: number;
  /**
   * Time after which row reading stops, ms (default 5000). better-sqlite3
   * exposes no sqlite3_interrupt, so this is checked between rows: a query
   * that computes for long before its first row cannot be stopped.
   */
  timeoutMs?: number;
}

/** What the SQL tool returns: rows as arrays in column order. */
export interface SqlQueryResult {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/**
 * A read-only SQL tool: one SELECT (or WITH … SELECT) statement, judged
 * read-only by SQLite itself (`stmt.readonly` and `stmt.reader`), never by
 * pattern matching. SQLite's error messages come back to the model as
 * ToolErrors so it can correct its query.
 */
// biome-ignore lint/suspicious/noExplicitAny: see SqlQueryToolOptions.
export function sqlQueryTool<State = any>(options: SqlQueryToolOptions<State>): ToolImplementation<State> {
  const maxRows = options.maxRows ?? 200;
  const timeoutMs = options.timeoutMs ?? 5000;
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
    async call(args, env): Promise<SqlQueryResult> {
      const database = options.database(env);
      const statement = prepare(database, String(args.query));
      if (!statement.readonly || !statement.reader) {
        throw new ToolError('only a single read-only SELECT statement is allowed');
      }
      // Safe integers so values beyond 2^53 reach the model exactly (as text), not rounded.
      statement.raw(true).safeIntegers(true);
      const columns = statement.columns().map((column) => column.name);
      const rows: unknown[][] = [];
      const deadline = performance.now() + timeoutMs;
      let truncated = false;
      try {
        for (const row of statement.iterate() as IterableIterator<unknown[]>) {
          if (rows.length >= maxRows) {
            truncated = true;
            break;
          }
          if (performance.now() > deadline) {
            throw new ToolError(`the query took longer than ${timeoutMs} ms and was stopped`);
          }
          rows.push(row.map(toJsonValue));
        }
      } catch (error) {
        if (error instanceof ToolError) throw error;
        throw new ToolError(`SQL error: ${messageOf(error)}`);
      }
      return { columns, rows, truncated };
    },
  });
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
