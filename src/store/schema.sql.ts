/** The store's tables. Records are kept whole as JSON, with the columns analysis filters on. */
export const STORE_SCHEMA = `
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
CREATE TABLE IF NOT EXISTS shard_arrivals (
  group_id TEXT NOT NULL,
  step TEXT NOT NULL,
  shard INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (group_id, step, shard)
);
`;
