import { memoAcrossThreads } from '../shared/index.js';
import { analyticsDatabase } from './database.js';
import { drawQuestions, type QuestionTemplate } from './questions.js';

/** One analyst question with its gold SQL and the gold value computed from the real database. */
export interface SqlCase extends QuestionTemplate {
  id: string;
  seed: number;
  /** The gold query's single value. */
  expected: number | string;
}

/**
 * 60 questions (6 of each of 10 kinds) for a seed. The gold values come from
 * running the gold SQL on the generated database, so they are exact for it;
 * worker threads take the main thread's (60 gold queries are ~0.3 s of CPU).
 */
export const sqlCases = memoAcrossThreads('sql-analyst-cases', buildSqlCases, {
  encode: (cases) => cases,
  decode: (cases: SqlCase[]) => cases,
});

function buildSqlCases(seed: number): SqlCase[] {
  const data = analyticsDatabase(seed);
  return drawQuestions(seed, data, 6).map((question, index) => {
    const row = data.db.prepare(question.goldSql).get() as { value: number | string | null } | undefined;
    if (row === undefined || row.value === null)
      throw new Error(`gold SQL returned nothing: ${question.goldSql}`);
    return { ...question, id: `sql-${String(index).padStart(3, '0')}`, seed, expected: row.value };
  });
}
