import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/index.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

/**
 * Another connection (a second fabric's writer, a shard) that takes the
 * write lock, writes, says so, and commits `holdMs` later.
 */
function holdWriteLock(path: string, holdMs: number): Promise<Worker> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.path);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO tasks (run_id, seq, level, task, record_json) VALUES ('other', 1, 'c1', 't', '{}')").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    {
      eval: true,
      workerData: { path, holdMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });
}

describe('the SQLite store with another writer', () => {
  it('waits for the write lock instead of failing when another connection wrote meanwhile', async () => {
    const path = join(dir.path, 'shared.db');
    const store = new SqliteRunStore(path);
    store.beginRun({
      runId: 'mine',
      suite: 's',
      fabric: 'f',
      startedAt: new Date().toISOString(),
      simulated: true,
      gitRevision: null,
      config: {},
    });
    const other = await holdWriteLock(path, 300);
    // A deferred transaction reads the next sequence number first, then needs the lock:
    // once the other commits its snapshot is stale and SQLite fails it at once (SQLITE_BUSY_SNAPSHOT).
    store.appendTaskLines([{ record: { runId: 'mine', level: 'c1', task: 't' }, line: '{"n":1}' }]);
    store.appendSpanLines('mine', [{ taskExecId: 'x', line: '{"n":2}' }]);
    await other.terminate();
    expect(store.loadTasks('mine')).toEqual([{ n: 1 }]);
    expect(store.loadTasks('other')).toEqual([{}]);
    store.close();
  });
});
