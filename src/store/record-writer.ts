import type { Worker } from 'node:worker_threads';
import { AgentperfError } from '../errors.js';
import { startWorker } from '../start-worker.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import type { WriterCommand, WriterReply } from './writer-protocol.js';

/** How often buffered records go to disk: small enough that a crash loses little. */
const FLUSH_INTERVAL_MS = 200;
const FLUSH_BATCH = 5_000;

/**
 * Streams records to the run directory and the store as tasks complete.
 * The per-step path only pushes to an array; serialisation happens per
 * batch and the file writes in a worker thread.
 */
export class RecordWriter {
  private readonly worker: Worker;
  private readonly runId: string;
  private tasks: TaskRecord[] = [];
  private spans: SpanRecord[] = [];
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly timer: NodeJS.Timeout;
  private failure: Error | null = null;
  private closed = false;

  private constructor(worker: Worker, runId: string) {
    this.worker = worker;
    this.runId = runId;
    worker.on('message', (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      if (reply.type === 'error') {
        this.failure ??= new Error(`writing records failed: ${reply.message}`);
        waiter?.reject(this.failure);
      } else waiter?.resolve();
    });
    worker.on('error', (error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    });
    this.timer = setInterval(() => {
      void this.flush().catch(() => undefined);
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Starts the writer worker, creates the run directory and registers the run in the store. */
  static async open(options: {
    storePath: string;
    runDir: string;
    run: Extract<WriterCommand, { type: 'begin' }>['run'];
  }): Promise<RecordWriter> {
    const writer = new RecordWriter(startWorker('writer-worker', import.meta.url), options.run.runId);
    try {
      await writer.send({
        type: 'begin',
        seq: 0,
        storePath: options.storePath,
        runDir: options.runDir,
        run: options.run,
      });
    } catch (error) {
      await writer.worker.terminate();
      // The store could not be opened: a user-fixable fault (path, URL, server), told in one line.
      throw new AgentperfError('config', (error as Error).message.replace(/^writing records failed: /, ''), {
        hint: 'check --store (a writable SQLite path, or a reachable postgres:// URL)',
      });
    }
    return writer;
  }

  addSpan(span: SpanRecord): void {
    this.spans.push(span);
    if (this.spans.length >= FLUSH_BATCH) void this.flush().catch(() => undefined);
  }

  addTask(task: TaskRecord): void {
    this.tasks.push(task);
  }

  /** Sends everything buffered; resolves when it is on disk. */
  async flush(): Promise<void> {
    if (this.closed || (this.tasks.length === 0 && this.spans.length === 0)) return;
    const tasks = this.tasks;
    const spans = this.spans;
    this.tasks = [];
    this.spans = [];
    await this.send({
      type: 'records',
      seq: 0,
      runId: this.runId,
      tasks: tasks.map((task) => ({ level: task.level, task: task.task, line: JSON.stringify(task) })),
      spans: spans.map((span) => ({ taskExecId: span.taskExecId, line: JSON.stringify(span) })),
    });
  }

  /** Writes results.json and the run's final row, after the last records. */
  async finish(results: RunResults): Promise<void> {
    await this.flush();
    await this.send({
      type: 'finish',
      seq: 0,
      runId: this.runId,
      resultsJson: `${JSON.stringify(results, null, 2)}\n`,
      status: results.status,
      finishedAt: results.finishedAt,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.flush();
    await this.send({ type: 'close', seq: 0 });
    this.closed = true;
    await this.worker.terminate();
    if (this.failure) throw this.failure;
  }

  private send(command: WriterCommand): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.seq += 1;
    const seq = this.seq;
    const numbered = { ...command, seq } as WriterCommand;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage(numbered);
    });
  }
}
