import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyticsDatabase,
  buildAnalyticsDatabase,
  SALES_ROWS,
  type SqlShared,
  sqlAnalystTask,
  sqlCases,
  sqlReference,
  sqlTools,
} from '../../src/suites/sql-analyst/index.js';
import { prepareContext, runScripted, withAnswer, withTurn } from './scripted-context.js';

const SEED = 11;
const cases = sqlCases(SEED);

describe('sql-analyst data and cases', () => {
  it('builds a database of at least 100k sales rows, the same for the same seed', () => {
    const db = analyticsDatabase(SEED).db;
    expect(db.prepare('SELECT COUNT(*) AS n FROM sales').get()).toEqual({ n: SALES_ROWS });
    expect(SALES_ROWS).toBeGreaterThanOrEqual(100_000);
    const again = buildAnalyticsDatabase(SEED).db;
    const digest = 'SELECT ROUND(SUM(amount), 2) AS total, SUM(quantity) AS units FROM sales';
    expect(again.prepare(digest).get()).toEqual(db.prepare(digest).get());
    again.close();
  });

  it('yields at least 50 distinct deterministic questions with gold values', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(sqlCases(SEED)).toEqual(cases);
    expect(new Set(cases.map((theCase) => theCase.question)).size).toBe(cases.length);
    expect(cases.some((theCase) => theCase.kind === 'label')).toBe(true);
  });
});

describe('sql-analyst grader', () => {
  let shared: SqlShared;
  beforeAll(async () => {
    const prepare = sqlAnalystTask.prepare;
    if (prepare === undefined) throw new Error('sql-analyst has no prepare()');
    shared = await prepare(prepareContext(SEED));
  });
  afterAll(() => shared.close());

  it('passes the reference trajectory of every case', async () => {
    for (const theCase of cases) {
      const run = await runScripted(sqlAnalystTask, theCase, shared);
      expect(run.grade, `${theCase.id}: ${theCase.goldSql}`).toMatchObject({ passed: true });
      expect(run.toolResults[0]?.result.ok).toBe(true);
    }
  });

  it('fails a wrong result', async () => {
    const label = cases.find((theCase) => theCase.kind === 'label');
    if (label === undefined) throw new Error('need a label question');
    for (const numeric of cases.filter((theCase) => theCase.kind === 'number')) {
      // A count off by one, or any other value off by 1 %: both are wrong results.
      const exact = numeric.tolerance?.absolute === 0 && numeric.tolerance.relative === undefined;
      const wrong = exact ? Number(numeric.expected) + 1 : Number(numeric.expected) * 1.01 + 0.1;
      const planted = withAnswer(sqlReference(numeric), 'main', `The result is in.\nANSWER: ${wrong}`);
      expect((await runScripted(sqlAnalystTask, numeric, shared, planted)).grade.passed, numeric.id).toBe(
        false,
      );
    }
    const other = (label.labels ?? []).find((candidate) => candidate !== label.expected);
    const wrongLabel = withAnswer(sqlReference(label), 'main', `ANSWER: ${other}`);
    expect((await runScripted(sqlAnalystTask, label, shared, wrongLabel)).grade.passed).toBe(false);
    const allLabels = withAnswer(sqlReference(label), 'main', `ANSWER: ${(label.labels ?? []).join(', ')}`);
    expect((await runScripted(sqlAnalystTask, label, shared, allLabels)).grade.passed).toBe(false);
  });

  it('returns SQL errors to the model and refuses writes', async () => {
    const theCase = cases[0];
    if (theCase === undefined) throw new Error('no case');
    const broken = withTurn(sqlReference(theCase), 'main', 0, {
      toolCalls: [{ name: 'run_sql', arguments: { query: 'SELECT SUM(amount) FROM sale' } }],
    });
    const run = await runScripted(sqlAnalystTask, theCase, shared, broken);
    expect(run.toolResults[0]?.result).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no such table: sale/),
    });
    const tool = sqlTools[0];
    if (tool === undefined) throw new Error('no tool');
    const state = { pool: shared.pool };
    const env = { state, signal: new AbortController().signal, caseId: 'x', taskExecId: 'x' };
    await expect(tool.call({ query: 'DELETE FROM sales' }, env)).rejects.toThrow(/read-only/);
    await expect(tool.call({ sql: 'SELECT 1' }, env)).rejects.toThrow(/query/);
    expect(await tool.call({ query: 'SELECT COUNT(*) AS n FROM sales' }, env)).toEqual({
      columns: ['n'],
      rows: [[SALES_ROWS]],
      truncated: false,
    });
  });

  it('answers from worker processes holding the same data as the gold database', async () => {
    const digest = 'SELECT ROUND(SUM(amount), 2), SUM(quantity), MAX(sold_at) FROM sales';
    const result = await shared.pool.query(digest);
    expect(result.rows).toEqual([analyticsDatabase(SEED).db.prepare(digest).raw(true).get()]);
    const many = await shared.pool.query('SELECT id FROM sales ORDER BY id');
    expect(many.rows).toHaveLength(50);
    expect(many.truncated).toBe(true);
  });
});
