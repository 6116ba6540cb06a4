import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { RunResults } from '../spec/index.js';
import { SqliteRunStore } from './sqlite-store.js';
import type { WriterCommand, WriterReply } from './writer-protocol.js';

/**
 * Owns every file a run writes (tasks.jsonl, spans.jsonl, the SQLite store),
 * so their synchronous I/O never runs on the event loop that measures latency.
 */
let store: SqliteRunStore | null = null;
let runDir = '';

function handle(command: WriterCommand): void {
  switch (command.type) {
    case 'begin': {
      runDir = command.runDir;
      mkdirSync(runDir, { recursive: true });
      writeFileSync(join(runDir, 'tasks.jsonl'), '');
      writeFileSync(join(runDir, 'spans.jsonl'), '');
      store = new SqliteRunStore(command.storePath);
      store.beginRun(command.run);
      return;
    }
    case 'records': {
      if (command.spans.length > 0) {
        const spans = command.spans.map((span) => ({
          taskExecId: span.taskExecId,
          line: JSON.stringify(span),
        }));
        appendFileSync(join(runDir, 'spans.jsonl'), spans.map((item) => item.line).join('\n') + '\n');
        store?.appendSpanLines(command.runId, spans);
      }
      if (command.tasks.length > 0) {
        const lines = command.tasks.map((task) => JSON.stringify(task));
        appendFileSync(join(runDir, 'tasks.jsonl'), lines.join('\n') + '\n');
        store?.appendTaskLines(
          command.tasks.map((task, index) => ({
            record: { runId: command.runId, level: task.level, task: task.task },
            line: lines[index]!,
          })),
        );
      }
      return;
    }
    case 'finish': {
      writeFileSync(join(runDir, 'results.json'), command.resultsJson);
      store?.finishRun(command.runId, JSON.parse(command.resultsJson) as RunResults);
      return;
    }
    case 'close': {
      store?.close();
      store = null;
      return;
    }
  }
}

parentPort?.on('message', (command: WriterCommand) => {
  let reply: WriterReply;
  try {
    handle(command);
    reply = { type: 'ack', seq: 'seq' in command ? command.seq : 0 };
  } catch (error) {
    reply = { type: 'error', seq: 'seq' in command ? command.seq : 0, message: (error as Error).message };
  }
  parentPort?.postMessage(reply);
});
