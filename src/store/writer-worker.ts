import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { RunResults } from '../spec/index.js';
import { openWritableStore } from './open-store.js';
import type { PostgresRunStore } from './postgres-store.js';
import type { SqliteRunStore } from './sqlite-store.js';
import { toWriteFailure, type WriteFailure } from './write-failure.js';
import type { SpanLine, TaskLine, WriterCommand, WriterReply } from './writer-protocol.js';

/**
 * Owns every file a run writes (tasks.jsonl, spans.jsonl, the store: a
 * SQLite file or a PostgreSQL server), so their I/O never runs on the event
 * loop that measures latency. Commands are handled one at a time, in order.
 */
let store: SqliteRunStore | PostgresRunStore | null = null;
let storePath = '';
let runDir = '';
/**
 * The JSONL files stay open for the whole run, and one more descriptor is
 * held in reserve for results.json: a run that exhausts file descriptors
 * (`ulimit -n` against many agents' sockets) still writes every record it
 * measured and its results, instead of failing to reopen a file per batch.
 */
let spansFd: number | null = null;
let tasksFd: number | null = null;
let reserveFd: number | null = null;

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function closeFd(fd: number | null): null {
  if (fd !== null) closeSync(fd);
  return null;
}

/**
 * Runs each write on its own: when one sink fails (the store is locked, the
 * disk is full), the others still get the records; the first failure is
 * what the run reports.
 */
class Attempts {
  first: WriteFailure | null = null;
  async run(path: string, write: () => unknown): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.first ??= toWriteFailure(error, path);
    }
  }
}

class FailedWrite extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.message);
  }
}

async function handle(command: WriterCommand): Promise<void> {
  const attempts = new Attempts();
  switch (command.type) {
    case 'begin': {
      runDir = command.runDir;
      storePath = command.storePath;
      const fresh = command.resume === undefined;
      await attempts.run(runDir, () => mkdirSync(runDir, { recursive: true }));
      if (attempts.first) break;
      // A resumed run keeps its files: new lines are appended after the kept ones.
      const flags = fresh ? 'w' : 'a';
      await attempts.run(join(runDir, 'tasks.jsonl'), () => {
        tasksFd = openSync(join(runDir, 'tasks.jsonl'), flags);
      });
      await attempts.run(join(runDir, 'spans.jsonl'), () => {
        spansFd = openSync(join(runDir, 'spans.jsonl'), flags);
      });
      await attempts.run(runDir, () => {
        reserveFd = openSync(runDir, 'r');
      });
      await attempts.run(storePath, async () => {
        const opened = await openWritableStore(storePath);
        store = opened;
        if (command.resume === undefined) await opened.beginRun(command.run);
        else if ('resumeRun' in opened)
          opened.resumeRun(command.run, command.resume.tasks, command.resume.spans);
        else throw new Error('--resume keeps its records in a SQLite store; resume with --store FILE');
      });
      break;
    }
    case 'records': {
      // Serialised here, not on the thread that times events.
      const spans: SpanLine[] = command.spans.map((span) => ({
        taskExecId: span.taskExecId,
        line: JSON.stringify(span),
      }));
      const tasks: TaskLine[] = command.tasks.map((task) => ({
        level: task.level,
        task: task.task,
        line: JSON.stringify(task),
      }));
      if (spans.length > 0) {
        const path = join(runDir, 'spans.jsonl');
        await attempts.run(path, () => {
          if (spansFd === null) throw new Error('spans.jsonl is not open');
          writeAll(spansFd, `${spans.map((item) => item.line).join('\n')}\n`);
        });
      }
      if (tasks.length > 0) {
        const path = join(runDir, 'tasks.jsonl');
        await attempts.run(path, () => {
          if (tasksFd === null) throw new Error('tasks.jsonl is not open');
          writeAll(tasksFd, `${tasks.map((item) => item.line).join('\n')}\n`);
        });
      }
      const open = store;
      if (open !== null) {
        await attempts.run(storePath, async () => {
          if (spans.length > 0) await open.appendSpanLines(command.runId, spans);
          if (tasks.length > 0) {
            await open.appendTaskLines(
              tasks.map((item) => ({
                record: { runId: command.runId, level: item.level, task: item.task },
                line: item.line,
              })),
            );
          }
        });
      }
      break;
    }
    case 'finish': {
      const path = join(runDir, 'results.json');
      // The reserved descriptor is freed for this file.
      reserveFd = closeFd(reserveFd);
      await attempts.run(path, () => writeFileSync(path, command.resultsJson));
      const open = store;
      if (open !== null) {
        await attempts.run(storePath, () =>
          open.finishRun(command.runId, JSON.parse(command.resultsJson) as RunResults),
        );
      }
      break;
    }
    case 'close': {
      await attempts.run(join(runDir, 'spans.jsonl'), () => {
        spansFd = closeFd(spansFd);
      });
      await attempts.run(join(runDir, 'tasks.jsonl'), () => {
        tasksFd = closeFd(tasksFd);
      });
      reserveFd = closeFd(reserveFd);
      const open = store;
      store = null;
      if (open !== null) await attempts.run(storePath, () => open.close());
      break;
    }
  }
  if (attempts.first) throw new FailedWrite(attempts.first);
}

let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (command: WriterCommand) => {
  queue = queue.then(async () => {
    let reply: WriterReply;
    try {
      await handle(command);
      reply = { type: 'ack', seq: command.seq };
    } catch (error) {
      reply = {
        type: 'error',
        seq: command.seq,
        failure: error instanceof FailedWrite ? error.failure : toWriteFailure(error, runDir),
      };
    }
    parentPort?.postMessage(reply);
  });
});
