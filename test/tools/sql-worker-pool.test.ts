import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/errors.js';
import {
  createSqlWorkerPool,
  type SqlQueryResult,
  type SqlWorkerPool,
  sqlQueryTool,
} from '../../src/tools/index.js';
import { toolEnv } from './fixtures/tool-env.js';

/** A recursive CTE that computes inside one SQLite step, returning no row until it is done. */
const countTo = (n: number) =>
  `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT count(*) AS n FROM c`;

function sampleDatabase(): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, total REAL, big INTEGER, note TEXT, blob BLOB);
    CREATE INDEX orders_by_customer ON orders(customer);`);
  const insert = db.prepare('INSERT INTO orders (customer, total, big, note, blob) VALUES (?, ?, ?, ?, ?)');
  for (let index = 0; index < 500; index++) {
    insert.run(
      `c${index % 7}`,
      index * 1.25,
      index % 2 === 0 ? 2n ** 62n + BigInt(index) : index,
      index % 3 === 0 ? null : `note ${index}`,
      index % 5 === 0 ? Buffer.alloc(index % 11) : null,
    );
  }
  return db;
}

/** Child processes of this test process whose command line names the SQL worker module. */
function sqlWorkerChildren(): number {
  const output = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'args='], { encoding: 'utf8' });
  return output.split('\n').filter((line) => line.includes('sql-worker')).length;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as Error;
}

/** Runs `work` while a 5 ms interval ticks; returns the largest gap between ticks. */
async function largestTickGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let largest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largest = Math.max(largest, now - last);
    last = now;
  }, 5);
  try {
    await work();
    // One more tick, so a block that ended with the work is measured too.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    clearInterval(timer);
  }
  return Math.max(largest, performance.now() - last);
}

describe('createSqlWorkerPool', () => {
  const db = sampleDatabase();
  let pool: SqlWorkerPool;

  beforeAll(async () => {
    pool = createSqlWorkerPool({ image: db.serialize(), size: 2, maxRows: 40, timeoutMs: 20_000 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
    db.close();
  });

  it('returns exactly what the in-thread tool returns on the same database, errors included', async () => {
    const inThread = sqlQueryTool({ database: () => db, maxRows: 40 });
    const offThread = sqlQueryTool({ pool });
    const queries = [
      'SELECT * FROM orders ORDER BY id',
      'SELECT customer, count(*) AS n, round(sum(total), 2) AS total FROM orders GROUP BY customer ORDER BY customer',
      'SELECT big, typeof(big) FROM orders WHERE id IN (1, 2, 3)',
      'SELECT note, blob FROM orders WHERE id BETWEEN 1 AND 16',
      'WITH top AS (SELECT * FROM orders ORDER BY total DESC LIMIT 3) SELECT id, total FROM top',
      'SELECT id FROM orders LIMIT 40',
      'SELECT nope FROM orders',
      'SELEC 1',
      'DELETE FROM orders',
      'SELECT 1; SELECT 2',
    ];
    const settle = (promise: Promise<unknown>) =>
      promise.then(
        (value) => ({ value }),
        (error: unknown) => ({ error: (error as Error).message, tool: error instanceof ToolError }),
      );
    for (const query of queries) {
      const expected = await settle(inThread.call({ query }, toolEnv(undefined)));
      expect(await settle(offThread.call({ query }, toolEnv(undefined))), query).toEqual(expected);
    }
    const rows = (await pool.query('SELECT * FROM orders ORDER BY id')) as SqlQueryResult;
    expect(rows.rows).toHaveLength(40);
    expect(rows.truncated).toBe(true);
    expect(rows.rows[0]?.[3]).toBe((2n ** 62n).toString());
  });

  it('binds parameters', async () => {
    const result = await pool.query(
      'SELECT id, customer FROM orders WHERE customer = ? AND id < ? ORDER BY id',
      ['c3', 20],
    );
    expect(result).toEqual({
      columns: ['id', 'customer'],
      rows: [
        [4, 'c3'],
        [11, 'c3'],
        [18, 'c3'],
      ],
      truncated: false,
    });
    expect((await rejection(pool.query('SELECT ?', []))).message).toMatch(/^SQL error: .*parameter/);
  });

  it('rejects writes, schema changes, ATTACH and transactions, and leaves the data as it was', async () => {
    for (const query of [
      'UPDATE orders SET total = 0',
      'INSERT INTO orders (customer) VALUES (1)',
      'WITH doomed AS (SELECT 1) DELETE FROM orders',
      'DROP TABLE orders',
      "ATTACH DATABASE '/tmp/agentperf-attach.db' AS other",
      'BEGIN',
      'PRAGMA query_only = 0',
    ]) {
      expect((await rejection(pool.query(query))).message, query).toBe(
        'only a single read-only SELECT statement is allowed',
      );
    }
    expect((await pool.query('SELECT count(*), sum(total) FROM orders')).rows).toEqual(
      db.prepare('SELECT count(*), sum(total) FROM orders').raw(true).all(),
    );
  });

  it('completes 16 concurrent queries on 2 workers, each with its own answer', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        pool.query('SELECT ? AS asked, count(*) AS n FROM orders WHERE id <= ?', [index, index * 10]),
      ),
    );
    expect(results.map((result) => result.rows[0])).toEqual(
      Array.from({ length: 16 }, (_, index) => [index, Math.min(index * 10, 500)]),
    );
  });

  it('keeps the event loop free while a long query runs (it is blocked when the query runs in-thread)', async () => {
    // Calibrated on this machine: a count that takes at least 300 ms in-thread.
    let count = 250_000;
    let query = countTo(count);
    let inThreadMs = 0;
    let inThreadGap = 0;
    while (inThreadMs < 300 && count < 64_000_000) {
      count *= 2;
      query = countTo(count);
      inThreadGap = await largestTickGap(async () => {
        const start = performance.now();
        db.prepare(query).get();
        inThreadMs = performance.now() - start;
      });
    }
    let poolMs = 0;
    const poolGap = await largestTickGap(async () => {
      const start = performance.now();
      expect((await pool.query(query)).rows).toEqual([[count]]);
      poolMs = performance.now() - start;
    });
    // The control: in-thread, the loop stalls for the whole query.
    expect(inThreadMs).toBeGreaterThan(150);
    expect(inThreadGap).toBeGreaterThanOrEqual(inThreadMs * 0.9);
    expect(poolMs).toBeGreaterThan(150);
    // Relative, not absolute: a loaded machine delays ticks, but nowhere near a whole query.
    expect(poolGap).toBeLessThan(inThreadGap / 3);
  });
});

describe('createSqlWorkerPool time limit and shutdown', () => {
  it('kills a query over its time limit, replaces the worker and keeps serving', async () => {
    const db = new Database(':memory:');
    const pool = createSqlWorkerPool({ image: db.serialize(), size: 1, timeoutMs: 400 });
    try {
      await pool.ready();
      // A billion rows take minutes; only killing the worker ends this in time.
      const slow = await rejection(pool.query(countTo(1_000_000_000)));
      expect(slow.message).toBe('the query took longer than 400 ms and was stopped');
      // One worker: this answer comes from its replacement.
      expect((await pool.query('SELECT 40 + 2 AS answer')).rows).toEqual([[42]]);
      // Queued behind a runaway query, the next query still runs once it is stopped.
      const [stopped, after] = await Promise.allSettled([
        pool.query(countTo(1_000_000_000)),
        pool.query("SELECT 'after'"),
      ]);
      expect(stopped.status).toBe('rejected');
      expect(after).toEqual({
        status: 'fulfilled',
        value: { columns: ["'after'"], rows: [['after']], truncated: false },
      });
    } finally {
      await pool.close();
      db.close();
    }
  });

  it('cancels a running query when its signal aborts', async () => {
    const db = new Database(':memory:');
    const pool = createSqlWorkerPool({ image: db.serialize(), size: 1, timeoutMs: 60_000 });
    try {
      const controller = new AbortController();
      const running = pool.query(countTo(1_000_000_000), [], { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      expect((await rejection(running)).message).toBe('the query was cancelled');
      expect((await pool.query('SELECT 1')).rows).toEqual([[1]]);
    } finally {
      await pool.close();
      db.close();
    }
  });

  it('close() ends every worker, even one deep in a query, and fails what was waiting', async () => {
    const db = new Database(':memory:');
    const pool = createSqlWorkerPool({ image: db.serialize(), size: 2, timeoutMs: 60_000 });
    await pool.ready();
    expect(sqlWorkerChildren()).toBe(2);
    const outcomes = Promise.allSettled([
      pool.query(countTo(1_000_000_000)),
      pool.query(countTo(1_000_000_000)),
      pool.query('SELECT 1'),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pool.close();
    expect(sqlWorkerChildren()).toBe(0);
    const settled = await outcomes;
    expect(settled.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of settled) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ToolError);
    }
    expect((await rejection(pool.query('SELECT 1'))).message).toBe('the SQL worker pool is closed');
    db.close();
  });
});
