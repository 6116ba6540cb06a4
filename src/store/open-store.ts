import { join } from 'node:path';
import { SqliteRunStore } from './sqlite-store.js';

/** The store lives beside the run directories unless told otherwise. */
export function defaultStorePath(outDir: string): string {
  return join(outDir, 'agentperf.db');
}

/** Opens the store for reading (reports, compare, history). */
export function openStore(path: string): SqliteRunStore {
  return new SqliteRunStore(path);
}
