import type { TaskDefinition } from '../../spec/index.js';
import { sqlAgent } from './agent.js';
import { type SqlCase, sqlCases } from './cases.js';
import { analyticsDatabase } from './database.js';
import { gradeSql } from './grader.js';
import { sqlReference } from './reference.js';
import type { SqlState } from './state.js';
import { sqlTools } from './tools.js';

/** Analytics questions over a 120k-row SQLite database; graded against the gold query's result. */
export const sqlAnalystTask: TaskDefinition<SqlCase, SqlState, string, void> = {
  name: 'sql-analyst',
  description:
    'Text-to-SQL over a real 120,000-row sales database, read-only tool, answer checked against gold SQL.',
  roles: ['worker'],
  cases: sqlCases,
  caseId: (theCase) => theCase.id,
  tools: sqlTools,
  async prepare(ctx) {
    analyticsDatabase(ctx.seed);
  },
  // Read-only, so every execution shares the one database of its seed.
  setup: (theCase) => ({ db: analyticsDatabase(theCase.seed).db }),
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
export { analyticsDatabase, buildAnalyticsDatabase, SALES_ROWS } from './database.js';
