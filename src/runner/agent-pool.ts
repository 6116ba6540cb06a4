import type { Worker } from 'node:worker_threads';
import type { ResolvedLevel } from '../config/index.js';
import { AgentperfError, ConfigError } from '../errors.js';
import { noteLeftOpen } from '../lifecycle/index.js';
import { startWorker } from '../start-worker.js';
import type { HarnessHealth, SpanRecord, TaskRecord } from '../spec/index.js';
import type {
  AgentWorkerInit,
  FromWorker,
  LevelResumeSlim,
  ToWorker,
  WorkerFailure,
} from './agent-protocol.js';

/** What the main thread does with what the workers measured. */
export interface PoolSinks {
  onSpan(span: SpanRecord): void;
  onRecord(record: TaskRecord): void;
  onStart(): void;
}

/**
 * The agent worker threads of `run --workers N`, seen from the main thread:
 * it starts them, hands each level to all of them at once, and gathers
 * their records. Each worker runs its share (agent-worker.ts).
 */
export class AgentPool {
  private sinks: PoolSinks | null = null;
  private levelDone: Array<(health: HarnessHealth) => void> = [];
  private failed: ((error: Error) => void) | null = null;

  private constructor(private readonly workers: Worker[]) {}

  /**
   * Starts `count` workers and waits until each has loaded the suite,
   * connected the fabric and run prepare(). Resolves the slowest prepare()
   * time per task. A worker that cannot start fails the whole pool.
   */
  static async start(
    count: number,
    init: Omit<AgentWorkerInit, 'worker'>,
    env: NodeJS.ProcessEnv,
    onPrepare: (task: string, done: number, total: number, what: string) => void,
  ): Promise<{ pool: AgentPool; prepareMs: Record<string, number> }> {
    const workers = Array.from({ length: count }, (_, index) =>
      startWorker('agent-worker', import.meta.url, {
        workerData: { ...init, worker: { index, count } } satisfies AgentWorkerInit,
        env,
      }),
    );
    const pool = new AgentPool(workers);
    const prepareMs: Record<string, number> = {};
    try {
      await Promise.all(
        workers.map(
          (worker, index) =>
            new Promise<void>((resolve, reject) => {
              const onStartup = (message: FromWorker): void => {
                if (message.type === 'prepare')
                  onPrepare(message.task, message.done, message.total, message.what);
                else if (message.type === 'failed') reject(rebuild(message.error, index));
                else if (message.type === 'ready') {
                  for (const [task, ms] of Object.entries(message.prepareMs))
                    prepareMs[task] = Math.max(prepareMs[task] ?? 0, ms);
                  worker.off('message', onStartup);
                  pool.listen(worker, index);
                  resolve();
                }
              };
              worker.on('message', onStartup);
              worker.once('error', (error) => reject(crashed(error, index)));
              worker.once('exit', (code) =>
                reject(crashed(new Error(`exited with code ${code} before it was ready`), index)),
              );
            }),
        ),
      );
    } catch (error) {
      await pool.terminate();
      throw error;
    }
    return { pool, prepareMs };
  }

  /** Runs one level in every worker; resolves each worker's harness health when all are done. */
  runLevel(
    level: ResolvedLevel,
    resumed: LevelResumeSlim | null,
    sinks: PoolSinks,
  ): Promise<HarnessHealth[]> {
    this.sinks = sinks;
    const healths: HarnessHealth[] = [];
    return new Promise<HarnessHealth[]>((resolve, reject) => {
      let left = this.workers.length;
      this.failed = reject;
      this.levelDone = this.workers.map(() => (health: HarnessHealth) => {
        healths.push(health);
        left -= 1;
        if (left === 0) {
          this.sinks = null;
          this.failed = null;
          resolve(healths);
        }
      });
      // One start for all: every worker times the level's duration and arrivals from it.
      const startAbs = performance.timeOrigin + performance.now();
      this.broadcast({ type: 'level', level, resumed, startAbs });
    });
  }

  /** The level's stop rule fired: every worker starts nothing more and lets what runs finish. */
  stop(): void {
    this.broadcast({ type: 'stop' });
  }

  /** The run was interrupted: every worker cuts its running tasks short (as one thread would). */
  abort(reason: string): void {
    this.broadcast({ type: 'abort', reason });
  }

  /**
   * Stops every worker (their tools, prepare() results, clients and what the
   * suite opened first), then ends the threads; what a worker's tools left
   * open is named by the command's safety exit instead of holding the process.
   */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker, index) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5000);
            timer.unref();
            const done = (): void => {
              clearTimeout(timer);
              resolve();
            };
            worker.on('message', (message: FromWorker) => {
              if (message.type !== 'closed') return;
              if (message.unclosed.length > 0)
                noteLeftOpen(
                  `${message.unclosed.join(', ')} (could not close, agent worker thread ${index})`,
                );
              if (message.lingering !== '')
                noteLeftOpen(`${message.lingering} (in agent worker thread ${index})`);
              done();
            });
            worker.once('exit', done);
            worker.postMessage({ type: 'close' } satisfies ToWorker);
          }),
      ),
    );
    await this.terminate();
  }

  private async terminate(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.terminate()));
  }

  private broadcast(message: ToWorker): void {
    for (const worker of this.workers) worker.postMessage(message);
  }

  private listen(worker: Worker, index: number): void {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'batch') {
        const sinks = this.sinks;
        if (sinks === null) return;
        for (let i = 0; i < message.started; i++) sinks.onStart();
        // Spans first: a task's spans were all emitted before its record.
        for (const span of message.spans) sinks.onSpan(span);
        for (const record of message.tasks) sinks.onRecord(record);
      } else if (message.type === 'level-done') this.levelDone[index]?.(message.harness);
      else if (message.type === 'failed') this.failed?.(rebuild(message.error, index));
    });
    worker.on('error', (error) => this.failed?.(crashed(error, index)));
    worker.on('exit', (code) => {
      if (this.sinks !== null) this.failed?.(crashed(new Error(`exited with code ${code}`), index));
    });
  }
}

function rebuild(error: WorkerFailure, index: number): Error {
  if (error.issues !== null) return new ConfigError(error.issues, error.hint ?? undefined);
  if (error.kind !== null)
    return new AgentperfError(
      error.kind,
      error.message,
      error.hint === null ? undefined : { hint: error.hint },
    );
  return crashed(new Error(error.message), index);
}

function crashed(error: Error, index: number): Error {
  return new AgentperfError('internal', `agent worker thread ${index} failed: ${error.message}`, {
    hint: 'run with --workers 1 to see the failure in the main thread',
  });
}
