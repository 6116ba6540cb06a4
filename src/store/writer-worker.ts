import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { RunResults } from '../spec/index.js';
import { openWritableStore } from './open-store.js';
import type { PostgresRunStore } from './postgres-store.js';
import type { SqliteRunStore } from './sqlite-store.js';
import type { WriterCommand, WriterReply } from './writer-protocol.js';

/**
 * Owns every file a run writes (tasks.jsonl, spans.jsonl, the store: a
 * SQLite file or a PostgreSQL server), so their I/O never runs on the event
 * loop that measures latency. Commands are handled one at a time, in order.
 */
let store: SqliteRunStore | PostgresRunStore | null = null;
let runDir = '';

async function handle(command: WriterCommand): Promise<void> {
  switch (command.type) {
    case 'begin': {
      runDir = command.runDir;
      mkdirSync(runDir, { recursive: true });
      writeFileSync(join(runDir, 'tasks.jsonl'), '');
      writeFileSync(join(runDir, 'spans.jsonl'), '');
      store = await openWritableStore(command.storePath);
      await store.beginRun(command.run);
      return;
    }
    case 'records': {
      if (command.spans.length > 0) {
        appendFileSync(join(runDir, 'spans.jsonl'), command.spans.map((item) => item.line).join('\n') + '\n');
        await store?.appendSpanLines(command.runId, command.spans);
      }
      if (command.tasks.length > 0) {
        appendFileSync(join(runDir, 'tasks.jsonl'), command.tasks.map((item) => item.line).join('\n') + '\n');
        await store?.appendTaskLines(
          command.tasks.map((item) => ({
            record: { runId: command.runId, level: item.level, task: item.task },
            line: item.line,
          })),
        );
      }
      return;
    }
    case 'finish': {
      writeFileSync(join(runDir, 'results.json'), command.resultsJson);
      await store?.finishRun(command.runId, JSON.parse(command.resultsJson) as RunResults);
      return;
    }
    case 'close': {
      await store?.close();
      store = null;
      return;
    }
  }
}

let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (command: WriterCommand) => {
  queue = queue.then(async () => {
    let reply: WriterReply;
    try {
      await handle(command);
      reply = { type: 'ack', seq: 'seq' in command ? command.seq : 0 };
    } catch (error) {
      reply = { type: 'error', seq: 'seq' in command ? command.seq : 0, message: (error as Error).message };
    }
    parentPort?.postMessage(reply);
  });
});
