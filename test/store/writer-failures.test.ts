import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { blankSpan } from '../../src/context/blank-span.js';
import { AgentperfError } from '../../src/errors.js';
import type { TaskRecord } from '../../src/spec/index.js';
import { RecordWriter, SqliteRunStore, STORE_MIGRATIONS } from '../../src/store/index.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const run = (runId: string) => ({
  runId,
  suite: 's',
  fabric: 'f',
  startedAt: new Date().toISOString(),
  simulated: true,
  config: {} as never,
  gitRevision: null,
});

function task(runId: string, n: number): TaskRecord {
  return {
    runId,
    level: 'c1',
    task: 't',
    caseId: String(n),
    taskExecId: `c1-${n}`,
    fabric: 'f',
    warmup: false,
    scheduledAtMs: n,
    startMs: n,
    endMs: n + 1,
    e2eMs: 1,
    passed: true,
    score: 1,
    error: null,
    gradeReason: null,
    costUsd: 0,
    pricedCostUsd: 0,
    steps: 1,
    inputTokens: 1,
    cachedInputTokens: 0,
    outputTokens: 1,
  };
}

/** The writer's worker thread: threadId is -1 once it has ended. */
function threadOf(writer: RecordWriter): { threadId: number } {
  return (writer as unknown as { worker: { threadId: number } }).worker;
}

describe('RecordWriter failure semantics', () => {
  it('a failed open ends the writer thread and says what failed', async () => {
    const storePath = join(dir.path, 'store-is-a-dir');
    mkdirSync(storePath);
    const failure = await RecordWriter.open({ storePath, runDir: join(dir.path, 'r0'), run: run('r0') }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(AgentperfError.is(failure)).toBe(true);
    expect((failure as AgentperfError).kind).toBe('store');
  });

  it.skipIf(!existsSync('/dev/full'))(
    'a failed write is reported once, stops nothing silently, and close() still ends the thread',
    async () => {
      const runDir = join(dir.path, 'r1');
      const failures: Error[] = [];
      // spans.jsonl is /dev/full: opening it works, every write fails with ENOSPC (the writer holds its files open, so swapping the file mid-run would not fail a write).
      mkdirSync(runDir, { recursive: true });
      symlinkSync('/dev/full', join(runDir, 'spans.jsonl'));
      const writer = await RecordWriter.open({
        storePath: join(dir.path, 'ok.db'),
        runDir,
        run: run('r1'),
        onFailure: (error) => failures.push(error),
      });
      writer.addTask(task('r1', 0));
      await writer.flush();
      writer.addSpan(
        blankSpan({
          spanId: 's',
          taskExecId: 'c1-1',
          parentId: null,
          kind: 'tool',
          name: 'x',
          startMs: 0,
          endMs: 1,
        }),
      );
      writer.addTask(task('r1', 1));
      await expect(writer.flush()).rejects.toThrow(/spans\.jsonl/);
      await expect(writer.close()).rejects.toThrow(/spans\.jsonl/);
      expect(failures).toHaveLength(1);
      expect(threadOf(writer).threadId).toBe(-1);
      // The other sinks still took the batch that failed on spans.jsonl.
      const lines = readFileSync(join(runDir, 'tasks.jsonl'), 'utf8').trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).taskExecId)).toEqual(['c1-0', 'c1-1']);
      const store = new SqliteRunStore(join(dir.path, 'ok.db'));
      expect(store.loadTasks('r1')).toHaveLength(2);
      store.close();
    },
  );
});

describe('store schema versioning', () => {
  it('adopts an unversioned store and sets user_version to the latest migration', () => {
    const path = join(dir.path, 'old.db');
    const db = new Database(path);
    db.exec(
      "CREATE TABLE runs (run_id TEXT PRIMARY KEY, suite TEXT NOT NULL, fabric TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, simulated INTEGER NOT NULL, git_revision TEXT, config_json TEXT NOT NULL, results_json TEXT); INSERT INTO runs VALUES ('old', 's', 'f', 'complete', '2026-01-01', NULL, 1, NULL, '{}', NULL);",
    );
    db.close();
    const store = new SqliteRunStore(path);
    expect(store.listRuns().map((row) => row.runId)).toEqual(['old']);
    store.close();
    const reopened = new Database(path);
    const latest = Math.max(...STORE_MIGRATIONS.map((migration) => migration.version));
    expect(reopened.pragma('user_version', { simple: true })).toBe(latest);
    reopened.close();
  });

  it('refuses a store from a newer version, naming both versions', () => {
    const path = join(dir.path, 'newer.db');
    const db = new Database(path);
    db.pragma('user_version = 77');
    db.close();
    expect(() => new SqliteRunStore(path)).toThrow(
      /schema version 77, newer than this agentperf understands/,
    );
  });

  it('a corrupt file is an error, not a new store', () => {
    const path = join(dir.path, 'junk.db');
    writeFileSync(path, 'x'.repeat(8192));
    expect(() => new SqliteRunStore(path)).toThrow();
  });
});
