/**
 * The PostgreSQL store's tables: the SQLite store's, with rows numbered by
 * the server (BIGSERIAL) so that any number of writers append safely.
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS agentperf_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  suite TEXT NOT NULL,
  fabric TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  simulated BOOLEAN NOT NULL,
  git_revision TEXT,
  config_json TEXT NOT NULL,
  results_json TEXT,
  writer_pid INTEGER,
  writer_host TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_suite ON runs (suite, started_at);
CREATE TABLE IF NOT EXISTS tasks (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  level TEXT NOT NULL,
  task TEXT NOT NULL,
  record_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_run ON tasks (run_id, id);
CREATE TABLE IF NOT EXISTS spans (
  id BIGSERIAL PRIMARY KEY,
  run_id TEXT NOT NULL,
  task_exec_id TEXT NOT NULL,
  record_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS spans_by_run ON spans (run_id, id);
CREATE TABLE IF NOT EXISTS shard_arrivals (
  group_id TEXT NOT NULL,
  step TEXT NOT NULL,
  shard INTEGER NOT NULL,
  at_ms BIGINT NOT NULL,
  PRIMARY KEY (group_id, step, shard)
);
`;
