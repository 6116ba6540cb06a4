import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqliteRunStore } from './sqlite-store.js';
import { describeWriteFailure, toWriteFailure } from './write-failure.js';

/** How long the check waits for another process's write lock before calling the store locked. */
const LOCK_WAIT_MS = 500;

function fail(code: string, path: string): never {
  throw describeWriteFailure({ code, path, message: code });
}

/** The path itself or its nearest ancestor that exists; that one must be a directory. */
function nearestDirectory(path: string): string {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (!statSync(current).isDirectory()) fail('ENOTDIR', current);
  return current;
}

/**
 * Proves, before anything is measured, that the run directory and the
 * store can be written: a misplaced, read-only, locked, corrupt or too-new
 * store fails in the first second, not after a level. Creates nothing
 * (bad input found later still leaves no run directory behind).
 * Throws the one-line error the CLI prints (exit 3).
 */
export function checkRunLocation(outDir: string, storePath: string | null): void {
  const writable = nearestDirectory(outDir);
  const probe = join(writable, `.agentperf-write-check-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    rmSync(probe);
  } catch (error) {
    throw describeWriteFailure(toWriteFailure(error, writable));
  }
  if (storePath === null) return;
  if (!existsSync(storePath)) {
    // A new store cannot be locked or corrupt; its directory must be able to exist.
    nearestDirectory(dirname(storePath));
    return;
  }
  if (statSync(storePath).isDirectory()) fail('EISDIR', storePath);
  let store: SqliteRunStore | null = null;
  try {
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
