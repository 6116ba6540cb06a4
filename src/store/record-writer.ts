import type { Worker } from 'node:worker_threads';
import { startWorker } from '../start-worker.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { describeWriteFailure } from './write-failure.js';
import type { SpanLine, TaskLine, WriterCommand, WriterReply } from './writer-protocol.js';

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
  private readonly onFailure: (error: Error) => void;

  private constructor(worker: Worker, runId: string, onFailure: (error: Error) => void) {
    this.worker = worker;
    this.runId = runId;
    this.onFailure = onFailure;
    worker.on('message', (reply: WriterReply) => {
      const waiter = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      if (reply.type === 'error') {
        this.fail(describeWriteFailure(reply.failure));
        waiter?.reject(this.failure!);
      } else waiter?.resolve();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', () => {
      if (!this.closed) this.fail(new Error('the record writer thread ended unexpectedly'));
    });
    this.timer = setInterval(() => {
      void this.flush().catch(() => undefined);
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Starts the writer worker, creates the run directory and registers the
   * run in the store. When that fails the thread is ended and the error
   * says what failed and the fix.
   */
  static async open(options: {
    storePath: string;
    runDir: string;
    run: Extract<WriterCommand, { type: 'begin' }>['run'];
    /** Called once, on the first failed write: the run should stop, since nothing more can be kept. */
    onFailure?: (error: Error) => void;
    /** Resuming a run: keep its files, and put these kept records back in the store. */
    resume?: { tasks: TaskLine[]; spans: SpanLine[] };
  }): Promise<RecordWriter> {
    const writer = new RecordWriter(
      startWorker('writer-worker', import.meta.url),
      options.run.runId,
      options.onFailure ?? (() => undefined),
    );
    try {
      await writer.send({
        type: 'begin',
        seq: 0,
        storePath: options.storePath,
        runDir: options.runDir,
        run: options.run,
        ...(options.resume === undefined ? {} : { resume: options.resume }),
      });
    } catch (error) {
      await writer.end();
      throw error;
    }
    return writer;
  }

  /** The first write failure, if any (the run reports it and exits 3). */
  get failed(): Error | null {
    return this.failure;
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

  /** Flushes, closes the store and ends the thread; the thread ends even when the flush fails. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.send({ type: 'close', seq: 0 });
    } catch {
      // The failure is kept and thrown below, once the thread has ended.
    } finally {
      await this.end();
    }
    if (this.failure) throw this.failure;
  }

  private async end(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
    this.onFailure(error);
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
