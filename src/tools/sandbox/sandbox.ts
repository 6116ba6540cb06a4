import { AgentperfError, ToolError } from '../../errors.js';
import { type SandboxJob, type SandboxOutcome, SandboxProcess } from './sandbox-process.js';
import type {
  Sandbox,
  SandboxInput,
  SandboxIsolation,
  SandboxOptions,
  SandboxResult,
} from './sandbox-types.js';

/** Time the parent waits past a run's limit for the child's own timeout before killing it. */
const KILL_GRACE_MS = 500;

interface QueuedRun {
  job: SandboxJob;
  signal: AbortSignal | undefined;
  /** Stops listening for an abort while queued (the run started). */
  leave?: () => void;
  resolve: (result: SandboxResult) => void;
  reject: (error: unknown) => void;
}

/**
 * A pool of warm child processes that run untrusted JavaScript with a
 * wall-time limit, a heap limit and no file system, process or network
 * access. Children start on first use; one that timed out or crashed is
 * replaced. Runs beyond the pool size wait in order.
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const poolSize = Math.max(1, options.poolSize ?? 2);
  const memoryMb = options.memoryMb ?? 64;
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 2000;
  const maxOutputChars = options.maxOutputChars ?? 8000;

  const all = new Set<SandboxProcess>();
  const idle: SandboxProcess[] = [];
  const queue: QueuedRun[] = [];
  let closed = false;
  let firstIsolation: Promise<SandboxIsolation> | null = null;

  function spawnProcess(): void {
    const child = new SandboxProcess(memoryMb);
    all.add(child);
    firstIsolation ??= child.ready;
    child.ready.then(
      (isolation) => {
        const gap = isolationGap(isolation);
        if (gap !== null) {
          all.delete(child);
          void child.kill();
          failQueue(
            new AgentperfError('internal', `the sandbox child is not isolated (${gap}); it needs Node 20+`),
          );
          return;
        }
        child.release();
        makeIdle(child);
      },
      (error: unknown) => {
        all.delete(child);
        failQueue(error);
      },
    );
  }

  function makeIdle(child: SandboxProcess): void {
    if (closed) {
      void child.kill();
      return;
    }
    idle.push(child);
    pump();
  }

  function pump(): void {
    while (idle.length > 0 && queue.length > 0) {
      const child = idle.pop()!;
      const queued = queue.shift()!;
      queued.leave?.();
      child
        .run(queued.job, queued.job.timeoutMs + KILL_GRACE_MS, queued.signal)
        .then((outcome: SandboxOutcome) => {
          queued.resolve(outcome.result);
          if (outcome.reusable) {
            makeIdle(child);
          } else {
            all.delete(child);
            void child.kill();
            if (!closed) spawnProcess();
          }
        }, queued.reject);
    }
  }

  function failQueue(error: unknown): void {
    for (const queued of queue.splice(0)) queued.reject(error);
  }

  return {
    run(input: SandboxInput): Promise<SandboxResult> {
      if (closed) return Promise.reject(new AgentperfError('internal', 'the sandbox is closed'));
      const job: SandboxJob = {
        code: input.code,
        tests: input.tests.map((test) => ({ name: test.name, code: test.code })),
        timeoutMs: Math.max(1, input.timeoutMs ?? defaultTimeoutMs),
        maxOutputChars,
      };
      while (all.size < poolSize) spawnProcess();
      const signal = input.signal;
      if (signal?.aborted) return Promise.reject(new ToolError('the run was cancelled before it started'));
      return new Promise<SandboxResult>((resolve, reject) => {
        const queued: QueuedRun = { job, signal, resolve, reject };
        if (signal !== undefined) {
          // Abandoned while waiting for a child: leave the queue, nothing ran.
          const onAbort = (): void => {
            const index = queue.indexOf(queued);
            if (index >= 0) queue.splice(index, 1);
            reject(new ToolError('the run was cancelled before it started'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          queued.leave = () => signal.removeEventListener('abort', onAbort);
        }
        queue.push(queued);
        pump();
      });
    },
    isolation(): Promise<SandboxIsolation> {
      while (all.size < poolSize && !closed) spawnProcess();
      return firstIsolation ?? Promise.reject(new AgentperfError('internal', 'the sandbox is closed'));
    },
    async close(): Promise<void> {
      closed = true;
      failQueue(new AgentperfError('internal', 'the sandbox was closed before the run started'));
      idle.length = 0;
      await Promise.all([...all].map((child) => child.kill()));
      all.clear();
    },
  };
}

function isolationGap(isolation: SandboxIsolation): string | null {
  const missing = Object.entries(isolation)
    .filter(([, denied]) => !denied)
    .map(([name]) => name.replace(/Denied$/, ''));
  return missing.length === 0 ? null : `not denied: ${missing.join(', ')}`;
}
