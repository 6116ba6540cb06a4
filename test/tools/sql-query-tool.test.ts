import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/errors.js';
import { type SqlQueryResult, sqlQueryTool } from '../../src/tools/index.js';
import { toolEnv } from './fixtures/tool-env.js';

interface State {
  db: Database.Database;
}

describe('sqlQueryTool', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL, big INTEGER)');
    const insert = db.prepare('INSERT INTO orders (customer, total, big) VALUES (?, ?, ?)');
    for (let index = 0; index < 50; index++) insert.run(`c${index % 5}`, index * 1.5, 2n ** 62n);
  });
  afterEach(() => db.close());

  const tool = sqlQueryTool({ database: (env) => (env.state as State).db, maxRows: 10 });
  const call = (query: unknown) => tool.call({ query }, toolEnv<State>({ db })) as Promise<SqlQueryResult>;
  const failure = async (query: unknown) => {
    const error = await call(query).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ToolError);
    return (error as ToolError).message;
  };

  it('runs a SELECT and returns columns and rows', async () => {
    const result = await call(
      'SELECT customer, count(*) AS n, sum(total) AS total FROM orders GROUP BY customer ORDER BY customer',
    );
    expect(result.columns).toEqual(['customer', 'n', 'total']);
    expect(result.rows).toHaveLength(5);
    expect(result.rows[0]).toEqual(['c0', 10, 1.5 * (0 + 5 + 10 + 15 + 20 + 25 + 30 + 35 + 40 + 45)]);
    expect(result.truncated).toBe(false);
    const withClause = await call(
      'WITH top AS (SELECT * FROM orders ORDER BY total DESC LIMIT 1) SELECT id FROM top',
    );
    expect(withClause.rows).toEqual([[50]]);
  });

  it('caps rows and says so', async () => {
    const result = await call('SELECT id FROM orders ORDER BY id');
    expect(result.rows).toHaveLength(10);
    expect(result.rows.at(-1)).toEqual([10]);
    expect(result.truncated).toBe(true);
    const exact = await call('SELECT id FROM orders LIMIT 10');
    expect(exact.truncated).toBe(false);
  });

  it('turns 64-bit integers into text so the result is JSON', async () => {
    const result = await call('SELECT big FROM orders LIMIT 1');
    expect(result.rows[0]).toEqual([(2n ** 62n).toString()]);
  });

  it('rejects writes, schema changes, ATTACH, transactions and multiple statements', async () => {
    for (const query of [
      'UPDATE orders SET total = 0',
      'DELETE FROM orders',
      'INSERT INTO orders (customer) VALUES (1)',
      'WITH doomed AS (SELECT 1) DELETE FROM orders',
      'DROP TABLE orders',
      "ATTACH DATABASE '/tmp/agentperf-attach.db' AS other",
      'BEGIN',
      'PRAGMA journal_mode = DELETE',
    ]) {
      expect(await failure(query)).toBe('only a single read-only SELECT statement is allowed');
    }
    expect(await failure('SELECT 1; DELETE FROM orders')).toContain('more than one statement');
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 50 });
  });

  it("returns SQLite's error message so the model can retry", async () => {
    expect(await failure('SELECT nope FROM orders')).toBe('SQL error: no such column: nope');
    expect(await failure('SELEC 1')).toContain('syntax error');
    expect(await failure(42)).toBe(
      "invalid arguments for tool 'sql_query': argument 'query': must be string",
    );
  });
});
