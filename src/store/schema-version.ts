import type Database from 'better-sqlite3';
import { AgentperfError } from '../errors.js';

/** One step of a store's schema: what turns version `version - 1` into `version`. */
export interface SchemaMigration {
  version: number;
  /** SQL run inside one transaction with the version bump. */
  sql: string;
}

/**
 * Brings a store to the newest schema with `PRAGMA user_version`: each
 * migration above the stored version runs in its own transaction with its
 * version bump, so a store is never left between two versions. A store
 * written by a newer agentperf is refused, not guessed at.
 */
export function migrateSchema(
  db: Database.Database,
  migrations: readonly SchemaMigration[],
  storePath: string,
): void {
  const latest = migrations.reduce((highest, migration) => Math.max(highest, migration.version), 0);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AgentperfError(
      'store',
      `the run store ${storePath} has schema version ${current}, newer than this agentperf understands (${latest})`,
      { hint: 'upgrade agentperf, or use --store to write to another file' },
    );
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    // IMMEDIATE takes the write lock first: several processes opening one new
    // store at once (shards) re-read the version under it, so each step runs once.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
