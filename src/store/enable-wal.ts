import type Database from 'better-sqlite3';

const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_RECOVERY']);
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Puts a store in WAL mode. Switching needs an exclusive lock and SQLite
 * does not call the busy handler for it: when several processes open one new
 * store at the same instant (shards, fabrics at once), all but one get
 * SQLITE_BUSY at once, even with a busy timeout (a shard test exited 3 in CI;
 * six processes opening one new store together failed 1 trial in 15–30 here).
 * WAL is a property of the file, so a store already in WAL needs no switch;
 * otherwise the switch is retried until `timeoutMs` has passed. Runs at
 * open only, never on a measured path, so the blocking pause is harmless.
 */
export function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!BUSY_CODES.has(code) || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, Math.min(5 * 2 ** attempt, 100));
    }
  }
}
