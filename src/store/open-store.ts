import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunStore, ShardMeetingPoint } from '../spec/index.js';
import { PostgresRunStore } from './postgres-store.js';
import { SqliteRunStore } from './sqlite-store.js';
import { isPostgresUrl } from './store-url.js';

/** The store lives beside the run directories unless told otherwise. */
export function defaultStorePath(outDir: string): string {
  return join(outDir, 'agentperf.db');
}

/**
 * Which store a command uses: --store, else AGENTPERF_STORE, else the SQLite
 * file beside the runs. A postgres:// URL is kept as given; a file path is
 * made absolute.
 */
export function storeReference(flag: string | undefined, runsDir: string, env: NodeJS.ProcessEnv): string {
  const given = flag ?? (env.AGENTPERF_STORE === '' ? undefined : env.AGENTPERF_STORE);
  if (given !== undefined && isPostgresUrl(given)) return given;
  return resolve(given ?? defaultStorePath(runsDir));
}

/**
 * Opens the store for reading (reports, compare, history, merge): null when
 * a SQLite file does not exist yet (nothing was stored); a PostgreSQL store
 * is connected (its tables created when missing).
 */
export async function openStore(reference: string): Promise<RunStore | null> {
  if (isPostgresUrl(reference)) return PostgresRunStore.open(reference);
  return existsSync(reference) ? new SqliteRunStore(reference) : null;
}

/** Opens a store for writing: the SQLite file is created when missing. */
export async function openWritableStore(reference: string): Promise<SqliteRunStore | PostgresRunStore> {
  return isPostgresUrl(reference) ? PostgresRunStore.open(reference) : new SqliteRunStore(reference);
}

/** Opens the store as the meeting point of a sharded run's shards. */
export function openMeetingPoint(reference: string): Promise<ShardMeetingPoint> {
  return openWritableStore(reference);
}
