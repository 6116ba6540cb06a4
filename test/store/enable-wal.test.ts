import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { enableWal } from '../../src/store/enable-wal.js';

/** A connection whose journal-mode switch is refused `busyTimes` times, as SQLite refuses it while another process converts the same new file. */
function contendedDb(busyTimes: number, code = 'SQLITE_BUSY') {
  let mode = 'delete';
  let refusals = 0;
  const calls: string[] = [];
  const db = {
    pragma(source: string) {
      calls.push(source);
      if (source === 'journal_mode') return mode;
      if (refusals < busyTimes) {
        refusals++;
        throw Object.assign(new Error('database is locked'), { code });
      }
      mode = 'wal';
      return 'wal';
    },
  } as unknown as Database.Database;
  return { db, calls, mode: () => mode };
}

describe('enableWal', () => {
  it('waits out a switch refused as busy instead of failing the open', () => {
    const store = contendedDb(3);
    enableWal(store.db, 5000);
    expect(store.mode()).toBe('wal');
    expect(store.calls.filter((call) => call === 'journal_mode = WAL')).toHaveLength(4);
  });

  it('does not switch a store that is already in WAL', () => {
    const store = contendedDb(0);
    enableWal(store.db, 5000);
    const again = store.calls.length;
    enableWal(store.db, 5000);
    expect(store.calls.slice(again)).toEqual(['journal_mode']);
  });

  it('gives up once the timeout has passed, with SQLite’s own error', () => {
    const store = contendedDb(Number.POSITIVE_INFINITY);
    const started = Date.now();
    expect(() => enableWal(store.db, 150)).toThrow(/database is locked/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('does not retry an error that is not a lock', () => {
    const store = contendedDb(5, 'SQLITE_CORRUPT');
    expect(() => enableWal(store.db, 5000)).toThrow(/database is locked/);
    expect(store.calls.filter((call) => call === 'journal_mode = WAL')).toHaveLength(1);
  });
});
