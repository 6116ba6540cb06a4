import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { sqlQueryTool } from '../../tools/index.js';
import { MAX_ROWS } from './query-pool.js';
import type { SqlState } from './state.js';

/** The one tool of the analyst: read-only SELECTs in worker processes; SQL errors go back to the model for a retry. */
export const sqlTools: ToolImplementation<SqlState>[] = [
  sqlQueryTool({
    name: 'run_sql',
    description: `Runs one read-only SQLite SELECT on the sales database and returns columns and rows (at most ${MAX_ROWS}).`,
    pool: (env: ToolEnv) => (env.state as SqlState).pool,
  }),
];
