import { mkdirSync } from 'node:fs';
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
import { AgentperfError } from '../errors.js';
import { STORE_SCHEMA } from './schema.sql.js';
import { STORE_SCHEMA_VERSION } from './schema-version.js';

/**
 * The run store: one SQLite file in WAL mode, so a report can read while a
 * run writes. Writes are batched by the caller (the record writer runs them
 * in a worker thread, off the event loop that measures latency).
 */
export class SqliteRunStore implements RunStore, ShardMeetingPoint {
  private readonly db: Database.Database;
  private readonly insertTask: Database.Statement;
  private readonly insertSpan: Database.Statement;
  private taskSeq = new Map<string, number>();
  private spanSeq = new Map<string, number>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(STORE_SCHEMA);
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > STORE_SCHEMA_VERSION) {
      this.db.close();
      throw new AgentperfError(
        'config',
        `the store ${path} has schema version ${version}, newer than this agentperf's ${STORE_SCHEMA_VERSION}`,
        { hint: 'upgrade agentperf to read and write this store' },
      );
    }
    if (version === 0) this.db.pragma(`user_version = ${STORE_SCHEMA_VERSION}`);
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
        `INSERT INTO runs (run_id, suite, fabric, status, started_at, simulated, git_revision, config_json)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`,
      )
      .run(
        run.runId,
        run.suite,
        run.fabric,
        run.startedAt,
        run.simulated ? 1 : 0,
        run.gitRevision,
        JSON.stringify(run.config),
      );
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
    run();
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
    run();
  }

  finishRun(runId: string, results: RunResults): void {
    this.db
      .prepare('UPDATE runs SET status = ?, finished_at = ?, results_json = ? WHERE run_id = ?')
      .run(results.status, results.finishedAt, JSON.stringify(results), runId);
  }

  listRuns(filter?: { suite?: string; limit?: number }): StoredRunSummary[] {
    const rows = this.db
      .prepare(
        `SELECT run_id, suite, fabric, status, started_at, finished_at, simulated, git_revision FROM runs
         ${filter?.suite === undefined ? '' : 'WHERE suite = @suite'}
         ORDER BY started_at ASC LIMIT @limit`,
      )
      .all({ suite: filter?.suite, limit: filter?.limit ?? -1 }) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      runId: row.run_id as string,
      suite: row.suite as string,
      fabric: row.fabric as string,
      status: row.status as StoredRunSummary['status'],
      startedAt: row.started_at as string,
      finishedAt: (row.finished_at as string | null) ?? null,
      simulated: row.simulated === 1,
      gitRevision: (row.git_revision as string | null) ?? null,
    }));
  }

  loadResults(runId: string): RunResults | null {
    const row = this.db.prepare('SELECT results_json FROM runs WHERE run_id = ?').get(runId) as
      | { results_json: string | null }
      | undefined;
    return row?.results_json ? (JSON.parse(row.results_json) as RunResults) : null;
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
