import type { ChildProcess } from 'node:child_process';
import { AgentperfError, ToolError } from '../../errors.js';
import { forkModule } from './fork-module.js';
import type { SqlQueryResult } from './read-only-query.js';
import type { SqlWorkerReply, SqlWorkerRequest } from './sql-worker-messages.js';

const STDERR_TAIL_CHARS = 2000;

interface Pending {
  id: number;
  resolve(result: SqlQueryResult): void;
  reject(error: Error): void;
}

/**
 * One SQL worker process holding its own read-only copy of the database;
 * runs one query at a time. A process, not a worker thread: better-sqlite3
 * cannot interrupt a statement, and a thread stuck in SQLite survives
 * Worker.terminate() (and even blocks process.exit) until the statement
 * ends, whereas a process can be killed at once.
 */
export class SqlWorkerProcess {
  /** Resolves once the database is open; rejects when the process cannot open it. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<void>;
  /** Called once when the process exits without having been killed by its owner. */
  onUnexpectedExit: (() => void) | null = null;
  private readonly child: ChildProcess;
  private pending: Pending | null = null;
  private nextId = 0;
  private killed = false;
  private hasExited = false;
  private stderrTail = '';

  constructor(image: Uint8Array, maxRows: number) {
    this.child = forkModule('sql-worker', import.meta.url);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    let opened: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    // The pool decides what a failed start means; an unobserved rejection must not crash the process.
    this.ready.catch(() => undefined);
    this.exited = new Promise<void>((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.hasExited = true;
        failed(
          new AgentperfError(
            'internal',
            `SQL worker process exited before it was ready (code ${code}, signal ${signal}): ${this.stderrTail.trim()}`,
          ),
        );
        this.pending?.reject(new ToolError('the SQL worker stopped while running the query'));
        this.pending = null;
        if (!this.killed) this.onUnexpectedExit?.();
        resolve();
      });
    });
    this.child.once('error', (error) => failed(error));
    this.child.on('message', (message: SqlWorkerReply) => {
      if (message.type === 'ready') opened();
      else if (message.type === 'open-failed') {
        failed(new AgentperfError('internal', `SQL worker could not open the database: ${message.message}`));
      } else this.settle(message);
    });
    this.send({ type: 'open', image, maxRows });
  }

  /** Runs one query; the caller waits for it before sending another. */
  run(sql: string, params: unknown[]): Promise<SqlQueryResult> {
    if (this.hasExited) return Promise.reject(new ToolError('the SQL worker has stopped'));
    if (this.pending !== null) throw new AgentperfError('internal', 'SQL worker is already running a query');
    const id = this.nextId++;
    return new Promise<SqlQueryResult>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      try {
        this.send({ type: 'query', id, sql, params });
      } catch (error) {
        this.pending = null;
        reject(new ToolError(`SQL error: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  /** Ends the process at once (SIGKILL: it may be deep inside SQLite) and waits for it to exit. */
  kill(): Promise<void> {
    this.killed = true;
    if (!this.hasExited) this.child.kill('SIGKILL');
    return this.exited;
  }

  private settle(message: Extract<SqlWorkerReply, { id: number }>): void {
    const pending = this.pending;
    if (pending === null || pending.id !== message.id) return;
    this.pending = null;
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new ToolError(message.message));
  }

  private send(message: SqlWorkerRequest): void {
    // A send to a process that just died fails with EPIPE; its exit handler reports that.
    this.child.send(message, (error) => {
      if (error !== null && error !== undefined && !this.hasExited) this.child.kill('SIGKILL');
    });
  }
}
