import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteRunStore } from './sqlite-store.js';
import { describeWriteFailure, toWriteFailure } from './write-failure.js';

/** How long the check waits for another process's write lock before calling the store locked. */
const LOCK_WAIT_MS = 500;

/**
 * Proves, before anything is measured, that the run directory's parent and
 * the store can be written: a misplaced, read-only, locked, corrupt or
 * too-new store fails in the first second, not after a level.
 * Throws the one-line error the CLI prints (exit 3).
 */
export function checkRunLocation(outDir: string, storePath: string | null): void {
  try {
    mkdirSync(outDir, { recursive: true });
    if (!statSync(outDir).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    const probe = join(outDir, `.agentperf-write-check-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (error) {
    throw describeWriteFailure(toWriteFailure(error, outDir));
  }
  if (storePath === null) return;
  let store: SqliteRunStore | null = null;
  try {
    if (existsSync(storePath) && statSync(storePath).isDirectory())
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    store = new SqliteRunStore(storePath, { busyTimeoutMs: LOCK_WAIT_MS });
    store.checkWritable();
  } catch (error) {
    if ((error as { kind?: string }).kind === 'store') throw error;
    throw describeWriteFailure(toWriteFailure(error, storePath));
  } finally {
    try {
      store?.close();
    } catch {
      // Closing a store that failed to open has nothing to give back.
    }
  }
}
