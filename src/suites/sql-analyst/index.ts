import type { TaskDefinition } from '../../spec/index.js';
import { sqlAgent } from './agent.js';
import { type SqlCase, sqlCases } from './cases.js';
import { gradeSql } from './grader.js';
import { startQueryPool } from './query-pool.js';
import { sqlReference } from './reference.js';
import type { SqlShared, SqlState } from './state.js';
import { sqlTools } from './tools.js';

/** Analytics questions over a 120k-row SQLite database; graded against the gold query's result. */
export const sqlAnalystTask: TaskDefinition<SqlCase, SqlState, string, SqlShared> = {
  name: 'sql-analyst',
  description:
    'Text-to-SQL over a real 120,000-row sales database, read-only tool, answer checked against gold SQL.',
  roles: ['worker'],
  cases: sqlCases,
  caseId: (theCase) => theCase.id,
  tools: sqlTools,
  // cases() already built the database and ran every gold query once; grading only compares values.
  async prepare(ctx) {
    return startQueryPool(ctx.seed);
  },
  // Read-only, so every execution shares the one pool (and database) of the run.
  setup: (_theCase, shared) => ({ pool: shared.pool }),
  agent: sqlAgent,
  grade: gradeSql,
  reference: sqlReference,
  timeoutMs: 60_000,
};

export type { SqlCase } from './cases.js';
export { sqlCases } from './cases.js';
export { gradeSql } from './grader.js';
export { sqlReference } from './reference.js';
export { sqlTools } from './tools.js';
export { startQueryPool } from './query-pool.js';
export type { SqlShared, SqlState } from './state.js';
export { analyticsDatabase, buildAnalyticsDatabase, SALES_ROWS } from './database.js';
