import type { SchemaMigration } from './schema-version.js';

/** The store's tables. Records are kept whole as JSON, with the columns analysis filters on. */
const VERSION_1 = `
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  suite TEXT NOT NULL,
  fabric TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  simulated INTEGER NOT NULL,
  git_revision TEXT,
  config_json TEXT NOT NULL,
  results_json TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_suite ON runs (suite, started_at);
CREATE TABLE IF NOT EXISTS tasks (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  level TEXT NOT NULL,
  task TEXT NOT NULL,
  record_json TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS spans (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  task_exec_id TEXT NOT NULL,
  record_json TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
`;

/**
 * Every schema change, in order. Version 1 is the first versioned schema; its
 * IF NOT EXISTS statements also adopt stores made before versioning (user_version 0).
 * A change appends a migration; it never edits one already released.
 */
export const STORE_MIGRATIONS: readonly SchemaMigration[] = [
  { version: 1, sql: VERSION_1 },
  // Who is writing a running run: a row left running by a process that is gone is read as partial.
  {
    version: 2,
    sql: 'ALTER TABLE runs ADD COLUMN writer_pid INTEGER; ALTER TABLE runs ADD COLUMN writer_host TEXT;',
  },
  // Where the shards of a sharded run meet before each level (`run --rendezvous`).
  {
    version: 3,
    sql: `CREATE TABLE IF NOT EXISTS shard_arrivals (
  group_id TEXT NOT NULL,
  step TEXT NOT NULL,
  shard INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (group_id, step, shard)
);`,
  },
];

/** The newest schema version: the PostgreSQL store records the same number. */
export const STORE_SCHEMA_VERSION = STORE_MIGRATIONS.reduce(
  (highest, migration) => Math.max(highest, migration.version),
  0,
);
