import pg from 'pg';
import { AgentperfError } from '../errors.js';
import { redact, registerSecret } from '../redact.js';
import type {
  RunResults,
  RunStore,
  ShardArrival,
  ShardMeetingPoint,
  SpanRecord,
  StoredRunSummary,
  TaskRecord,
} from '../spec/index.js';
import { POSTGRES_SCHEMA } from './postgres-schema.sql.js';
import { STORE_SCHEMA_VERSION } from './schema.sql.js';
import { displayStoreUrl } from './store-url.js';

/** Any constant: it names the lock that serialises schema creation between processes. */
const SCHEMA_LOCK = 0x61676e74;

/**
 * The shared run store: runs, tasks and spans in PostgreSQL, for shards on
 * many machines and a team's history. Credentials come from the URL or the
 * standard PG* variables (the driver reads them) and are never written
 * anywhere; every error names the server with its password masked.
 */
export class PostgresRunStore implements RunStore, ShardMeetingPoint {
  private readonly pool: pg.Pool;
  private readonly shown: string;

  private constructor(url: string) {
    this.shown = displayStoreUrl(url);
    registerSecret(process.env.PGPASSWORD);
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Connects, creates the tables when missing and checks their version. */
  static async open(url: string): Promise<PostgresRunStore> {
    const store = new PostgresRunStore(url);
    try {
      await store.migrate();
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw store.failure('open', error);
    }
    return store;
  }

  async beginRun(run: Parameters<RunStore['beginRun']>[0]): Promise<void> {
    await this.query(
      'begin run',
      `INSERT INTO runs (run_id, suite, fabric, status, started_at, simulated, git_revision, config_json)
       VALUES ($1, $2, $3, 'running', $4, $5, $6, $7)`,
      [
        run.runId,
        run.suite,
        run.fabric,
        run.startedAt,
        run.simulated,
        run.gitRevision,
        JSON.stringify(run.config),
      ],
    );
  }

  appendTasks(records: TaskRecord[]): Promise<void> {
    return this.appendTaskLines(records.map((record) => ({ record, line: JSON.stringify(record) })));
  }

  /** Appends tasks already serialised, in one statement (one round trip per batch). */
  async appendTaskLines(
    items: Array<{ record: Pick<TaskRecord, 'runId' | 'level' | 'task'>; line: string }>,
  ): Promise<void> {
    if (items.length === 0) return;
    await this.query(
      'append tasks',
      `INSERT INTO tasks (run_id, level, task, record_json)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [
        items.map((item) => item.record.runId),
        items.map((item) => item.record.level),
        items.map((item) => item.record.task),
        items.map((item) => item.line),
      ],
    );
  }

  appendSpans(runId: string, records: SpanRecord[]): Promise<void> {
    return this.appendSpanLines(
      runId,
      records.map((record) => ({ taskExecId: record.taskExecId, line: JSON.stringify(record) })),
    );
  }

  /** Appends serialised spans of one run, in one statement. */
  async appendSpanLines(runId: string, items: Array<{ taskExecId: string; line: string }>): Promise<void> {
    if (items.length === 0) return;
    await this.query(
      'append spans',
      `INSERT INTO spans (run_id, task_exec_id, record_json)
       SELECT $1, * FROM unnest($2::text[], $3::text[])`,
      [runId, items.map((item) => item.taskExecId), items.map((item) => item.line)],
    );
  }

  async finishRun(runId: string, results: RunResults): Promise<void> {
    await this.query(
      'finish run',
      'UPDATE runs SET status = $1, finished_at = $2, results_json = $3 WHERE run_id = $4',
      [results.status, results.finishedAt, JSON.stringify(results), runId],
    );
  }

  async listRuns(filter?: { suite?: string; limit?: number }): Promise<StoredRunSummary[]> {
    const rows = await this.query(
      'list runs',
      `SELECT run_id, suite, fabric, status, started_at, finished_at, simulated, git_revision FROM runs
       WHERE ($1::text IS NULL OR suite = $1) ORDER BY started_at ASC, run_id ASC LIMIT $2`,
      [filter?.suite ?? null, filter?.limit ?? null],
    );
    return rows.map((row) => ({
      runId: row.run_id as string,
      suite: row.suite as string,
      fabric: row.fabric as string,
      status: row.status as StoredRunSummary['status'],
      startedAt: row.started_at as string,
      finishedAt: (row.finished_at as string | null) ?? null,
      simulated: row.simulated === true,
      gitRevision: (row.git_revision as string | null) ?? null,
    }));
  }

  async loadResults(runId: string): Promise<RunResults | null> {
    const rows = await this.query('load results', 'SELECT results_json FROM runs WHERE run_id = $1', [runId]);
    const json = rows[0]?.results_json as string | null | undefined;
    return json ? (JSON.parse(json) as RunResults) : null;
  }

  async loadTasks(runId: string): Promise<TaskRecord[]> {
    const rows = await this.query(
      'load tasks',
      'SELECT record_json FROM tasks WHERE run_id = $1 ORDER BY id',
      [runId],
    );
    return rows.map((row) => JSON.parse(row.record_json as string) as TaskRecord);
  }

  async loadSpans(runId: string): Promise<SpanRecord[]> {
    const rows = await this.query(
      'load spans',
      'SELECT record_json FROM spans WHERE run_id = $1 ORDER BY id',
      [runId],
    );
    return rows.map((row) => JSON.parse(row.record_json as string) as SpanRecord);
  }

  async arrive(group: string, step: string, arrival: ShardArrival): Promise<void> {
    await this.query(
      'record shard arrival',
      'INSERT INTO shard_arrivals (group_id, step, shard, at_ms) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [group, step, arrival.shard, Math.round(arrival.atMs)],
    );
  }

  async arrivals(group: string, step: string): Promise<ShardArrival[]> {
    const rows = await this.query(
      'read shard arrivals',
      'SELECT shard, at_ms FROM shard_arrivals WHERE group_id = $1 AND step = $2 ORDER BY shard',
      [group, step],
    );
    return rows.map((row) => ({ shard: Number(row.shard), atMs: Number(row.at_ms) }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL: serialise it.
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(POSTGRES_SCHEMA);
      const found = await client.query("SELECT value FROM agentperf_meta WHERE key = 'schema_version'");
      const version = found.rows[0] === undefined ? null : Number(found.rows[0].value);
      if (version === null)
        await client.query("INSERT INTO agentperf_meta (key, value) VALUES ('schema_version', $1)", [
          String(STORE_SCHEMA_VERSION),
        ]);
      else if (version > STORE_SCHEMA_VERSION) {
        await client.query('ROLLBACK');
        throw new AgentperfError(
          'store',
          `the run store ${this.shown} has schema version ${version}, newer than this agentperf understands (${STORE_SCHEMA_VERSION})`,
          { hint: 'upgrade agentperf to read and write this store' },
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async query(
    what: string,
    text: string,
    values: unknown[],
  ): Promise<Array<Record<string, unknown>>> {
    try {
      return (await this.pool.query(text, values)).rows as Array<Record<string, unknown>>;
    } catch (error) {
      throw this.failure(what, error);
    }
  }

  /** One line naming the server (password masked) and the server's reason, redacted. */
  private failure(what: string, error: unknown): AgentperfError {
    if (AgentperfError.is(error)) return error;
    const cause = error as { message?: string; code?: string };
    const reason = redact(cause.message ?? String(error)) || (cause.code ?? 'connection failed');
    return new AgentperfError('store', `PostgreSQL store ${this.shown}: ${what} failed: ${reason}`, {
      hint: 'check the --store URL (or AGENTPERF_STORE) and PG* variables, and that the server accepts connections',
    });
  }
}
