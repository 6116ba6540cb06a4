import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type {
  RunResults,
  RunStore,
  ShardArrival,
  ShardMeetingPoint,
  SpanRecord,
  StoredRunSummary,
  TaskRecord,
} from '../spec/index.js';
import { resultsFromRecords } from '../metrics/index.js';
import { STORE_MIGRATIONS } from './schema.sql.js';
import { enableWal } from './enable-wal.js';
import { migrateSchema } from './schema-version.js';

/**
 * The run store: one SQLite file in WAL mode, so a report can read while a
 * run writes. Writes are batched by the caller (the record writer runs them
 * in a worker thread, off the event loop that measures latency).
 *
 * Every write transaction takes the write lock first (IMMEDIATE). A deferred
 * one reads the next sequence number and only then asks for the lock; when
 * another connection (a second fabric's writer, a shard) commits in between,
 * SQLite fails it at once with SQLITE_BUSY_SNAPSHOT, busy timeout or not.
 * Two threads appending to one new store failed 7 trials in 40 that way.
 */
export class SqliteRunStore implements RunStore, ShardMeetingPoint {
  private readonly db: Database.Database;
  private readonly insertTask: Database.Statement;
  private readonly insertSpan: Database.Statement;
  private taskSeq = new Map<string, number>();
  private spanSeq = new Map<string, number>();

  constructor(path: string, options: { busyTimeoutMs?: number } = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      enableWal(this.db, busyTimeoutMs);
      this.db.pragma('synchronous = NORMAL');
      migrateSchema(this.db, STORE_MIGRATIONS, path);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.insertTask = this.db.prepare(
      'INSERT INTO tasks (run_id, seq, level, task, record_json) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertSpan = this.db.prepare(
      'INSERT INTO spans (run_id, seq, task_exec_id, record_json) VALUES (?, ?, ?, ?)',
    );
  }

  beginRun(run: Parameters<RunStore['beginRun']>[0]): void {
    this.db
      .prepare(
        `INSERT INTO runs (run_id, suite, fabric, status, started_at, simulated, git_revision, config_json, writer_pid, writer_host)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.runId,
        run.suite,
        run.fabric,
        run.startedAt,
        run.simulated ? 1 : 0,
        run.gitRevision,
        JSON.stringify(run.config),
        process.pid,
        hostname(),
      );
  }

  /**
   * Takes a run up again after a crash: the row is running again, and the
   * records kept from its run directory (the source of truth: the store may
   * be a batch behind it) replace whatever the store held for it.
   */
  resumeRun(
    run: Parameters<RunStore['beginRun']>[0],
    tasks: Array<{ level: string; task: string; line: string }>,
    spans: Array<{ taskExecId: string; line: string }>,
  ): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM tasks WHERE run_id = ?').run(run.runId);
        this.db.prepare('DELETE FROM spans WHERE run_id = ?').run(run.runId);
        this.db.prepare('DELETE FROM runs WHERE run_id = ?').run(run.runId);
        this.taskSeq.delete(run.runId);
        this.spanSeq.delete(run.runId);
        this.beginRun(run);
        this.appendTaskLines(
          tasks.map((item) => ({
            record: { runId: run.runId, level: item.level, task: item.task },
            line: item.line,
          })),
        );
        this.appendSpanLines(run.runId, spans);
      })
      .immediate();
  }

  /** Takes and releases the write lock and reads every page header: throws when locked or corrupt. */
  checkWritable(): void {
    this.db.exec('BEGIN IMMEDIATE; ROLLBACK;');
    const check = this.db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
  }

  appendTasks(records: TaskRecord[]): void {
    this.appendTaskLines(records.map((record) => ({ record, line: JSON.stringify(record) })));
  }

  /** Appends tasks already serialised (the writer serialises once for both JSONL and SQLite). */
  appendTaskLines(
    items: Array<{ record: Pick<TaskRecord, 'runId' | 'level' | 'task'>; line: string }>,
  ): void {
    const run = this.db.transaction(() => {
      for (const { record, line } of items) {
        const seq = (this.taskSeq.get(record.runId) ?? this.maxSeq('tasks', record.runId)) + 1;
        this.taskSeq.set(record.runId, seq);
        this.insertTask.run(record.runId, seq, record.level, record.task, line);
      }
    });
    run.immediate();
  }

  appendSpans(runId: string, records: SpanRecord[]): void {
    this.appendSpanLines(
      runId,
      records.map((record) => ({ taskExecId: record.taskExecId, line: JSON.stringify(record) })),
    );
  }

  /** Appends serialised spans of one run. */
  appendSpanLines(runId: string, items: Array<{ taskExecId: string; line: string }>): void {
    const run = this.db.transaction(() => {
      let seq = this.spanSeq.get(runId) ?? this.maxSeq('spans', runId);
      for (const { taskExecId, line } of items) {
        seq += 1;
        this.insertSpan.run(runId, seq, taskExecId, line);
      }
      this.spanSeq.set(runId, seq);
    });
    run.immediate();
  }

  finishRun(runId: string, results: RunResults): void {
    this.db
      .prepare('UPDATE runs SET status = ?, finished_at = ?, results_json = ? WHERE run_id = ?')
      .run(results.status, results.finishedAt, JSON.stringify(results), runId);
  }

  listRuns(filter?: { suite?: string; limit?: number }): StoredRunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT run_id, suite, fabric, status, started_at, finished_at, simulated, git_revision, writer_pid, writer_host FROM runs
         ${filter?.suite === undefined ? '' : 'WHERE suite = @suite'}
         ORDER BY started_at ASC LIMIT @limit`,
      )
      .all({ suite: filter?.suite, limit: filter?.limit ?? -1 }) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      runId: row.run_id as string,
      suite: row.suite as string,
      fabric: row.fabric as string,
      status: effectiveStatus(row),
      startedAt: row.started_at as string,
      finishedAt: (row.finished_at as string | null) ?? null,
      simulated: row.simulated === 1,
      gitRevision: (row.git_revision as string | null) ?? null,
    }));
  }

  /**
   * The run's results; for a run that stopped without writing them (killed,
   * crashed, disk full), partial results recomputed from its records.
   */
  loadResults(runId: string): RunResults | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as
      | Record<string, unknown>
      | undefined;
    if (row === undefined) return null;
    if (typeof row.results_json === 'string') return JSON.parse(row.results_json) as RunResults;
    const tasks = this.loadTasks(runId);
    if (tasks.length === 0 || effectiveStatus(row) === 'running') return null;
    return resultsFromRecords(
      {
        runId,
        suite: row.suite as string,
        fabric: row.fabric as string,
        startedAt: row.started_at as string,
        simulated: row.simulated === 1,
        config: JSON.parse(row.config_json as string) as unknown,
        gitRevision: (row.git_revision as string | null) ?? null,
      },
      tasks,
      this.loadSpans(runId),
    );
  }

  loadTasks(runId: string): TaskRecord[] {
    const rows = this.db
      .prepare('SELECT record_json FROM tasks WHERE run_id = ? ORDER BY seq')
      .pluck()
      .all(runId) as string[];
    return rows.map((line) => JSON.parse(line) as TaskRecord);
  }

  loadSpans(runId: string): SpanRecord[] {
    const rows = this.db
      .prepare('SELECT record_json FROM spans WHERE run_id = ? ORDER BY seq')
      .pluck()
      .all(runId) as string[];
    return rows.map((line) => JSON.parse(line) as SpanRecord);
  }

  arrive(group: string, step: string, arrival: ShardArrival): void {
    this.db
      .prepare('INSERT OR IGNORE INTO shard_arrivals (group_id, step, shard, at_ms) VALUES (?, ?, ?, ?)')
      .run(group, step, arrival.shard, Math.round(arrival.atMs));
  }

  arrivals(group: string, step: string): ShardArrival[] {
    const rows = this.db
      .prepare('SELECT shard, at_ms FROM shard_arrivals WHERE group_id = ? AND step = ? ORDER BY shard')
      .all(group, step) as Array<{ shard: number; at_ms: number }>;
    return rows.map((row) => ({ shard: row.shard, atMs: row.at_ms }));
  }

  close(): void {
    this.db.close();
  }

  private maxSeq(table: 'tasks' | 'spans', runId: string): number {
    const value = this.db.prepare(`SELECT MAX(seq) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as
      | number
      | null;
    return value ?? 0;
  }
}

/**
 * A row left `running` by a process that no longer exists (killed, crashed)
 * is partial. A run written on another host cannot be checked, so it stays running.
 */
function effectiveStatus(row: Record<string, unknown>): StoredRunSummary['status'] {
  const status = row.status as StoredRunSummary['status'];
  if (status !== 'running') return status;
  if (typeof row.writer_pid !== 'number') return 'partial';
  if (row.writer_host !== hostname()) return status;
  try {
    process.kill(row.writer_pid, 0);
    return status;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM' ? status : 'partial';
  }
}
