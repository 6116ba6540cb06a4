import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cloneDatabase } from '../../src/tools/index.js';

describe('cloneDatabase', () => {
  it('gives each clone its own state', () => {
    const source = new Database(':memory:');
    source.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER)');
    source.prepare('INSERT INTO accounts (balance) VALUES (?), (?)').run(100, 200);

    const first = cloneDatabase(source);
    const second = cloneDatabase(source);
    first.prepare('UPDATE accounts SET balance = 0 WHERE id = 1').run();
    second.prepare('DELETE FROM accounts WHERE id = 2').run();
    second.prepare('INSERT INTO accounts (id, balance) VALUES (3, ?)').run(7);

    const balances = (db: Database.Database) =>
      db.prepare('SELECT id, balance FROM accounts ORDER BY id').raw().all();
    expect(balances(source)).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(balances(first)).toEqual([
      [1, 0],
      [2, 200],
    ]);
    expect(balances(second)).toEqual([
      [1, 100],
      [3, 7],
    ]);
    // A clone is a full database: it clones again.
    expect(balances(cloneDatabase(first))).toEqual(balances(first));
    for (const db of [source, first, second]) db.close();
  });
});
