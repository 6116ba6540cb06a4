import { runToolLoop } from '../../context/index.js';
import type { TaskContext } from '../../spec/index.js';
import type { SqlCase } from './cases.js';
import { ANALYTICS_SCHEMA } from './database.js';
import type { SqlState } from './state.js';

const SYSTEM = `You are a data analyst. Answer the question by querying the SQLite database with run_sql.
Schema:
${ANALYTICS_SCHEMA}
If a query fails, read the error and fix the query. Give money rounded to cents and percentages to two
decimals. End your reply with one line: ANSWER: <value> (a number, or the region/category name).`;

/** The analyst agent: writes SQL, retries on errors, summarises. */
export async function sqlAgent(ctx: TaskContext<SqlCase, SqlState>): Promise<string> {
  const result = await runToolLoop(ctx as TaskContext, {
    role: 'worker',
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: ctx.case.question },
    ],
    maxSteps: 6,
  });
  return result.answer;
}
