import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AgentperfError } from '../../errors.js';
import type { SandboxIsolation, SandboxResult } from './sandbox-types.js';

const RUNNER_PATH = fileURLToPath(new URL('./sandbox-child.js', import.meta.url));
const STDERR_TAIL_CHARS = 4000;

/** The job the child receives over IPC. */
export interface SandboxJob {
  code: string;
  tests: Array<{ name: string; code: string }>;
  timeoutMs: number;
  maxOutputChars: number;
}

/** How the parent ended a run; `reusable` is false when the child must be replaced. */
export interface SandboxOutcome {
  result: SandboxResult;
  reusable: boolean;
}

/**
 * Node arguments of a sandbox child: the permission model with read access to
 * the runner script only (no writes, no child processes, no workers), no code
 * generation from strings in any realm, and a heap limit.
 */
export function sandboxNodeArguments(
  memoryMb: number,
  nodeFlags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): string[] {
  return [
    permissionFlag(nodeFlags),
    `--allow-fs-read=${RUNNER_PATH}`,
    '--disallow-code-generation-from-strings',
    `--max-old-space-size=${memoryMb}`,
    '--no-warnings',
    RUNNER_PATH,
  ];
}

/**
 * The permission model's flag for the running Node: `--permission` since
 * 22.13 / 23.5, where 24 no longer knows the experimental name Node 20 needs.
 * Asked of Node itself rather than parsed from the version string.
 */
export function permissionFlag(nodeFlags: ReadonlySet<string>): string {
  return nodeFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** One warm child process of the sandbox pool; runs one job at a time. */
/** How long a run whose caller gave up may take to answer before its child is killed. */
export const ABANDON_GRACE_MS = 200;

export class SandboxProcess {
  /** Resolves with the child's own isolation self-check once it can take jobs. */
  readonly ready: Promise<SandboxIsolation>;
  private readonly child: ChildProcess;
  private stderrTail = '';
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private onResult: ((result: SandboxResult) => void) | null = null;
  private onExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | null = null;

  constructor(memoryMb: number) {
    // An empty environment: API keys in the parent's environment never reach untrusted code.
    this.child = spawn(process.execPath, sandboxNodeArguments(memoryMb), {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: {},
      serialization: 'json',
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        this.onExit?.(code, signal);
        resolve();
      });
    });
    this.ready = new Promise<SandboxIsolation>((resolve, reject) => {
      this.child.once('error', (error) => reject(error));
      this.onExit = (code, signal) =>
        reject(
          new AgentperfError(
            'internal',
            `sandbox process exited before it was ready (code ${code}, signal ${signal}): ${this.stderrTail.trim()}`,
          ),
        );
      this.child.on(
        'message',
        (message: { type: string; isolation?: SandboxIsolation; result?: SandboxResult }) => {
          if (message.type === 'ready' && message.isolation) {
            this.onExit = null;
            resolve(message.isolation);
          } else if (message.type === 'result' && message.result) {
            this.onResult?.(message.result);
          }
        },
      );
    });
    this.ready.catch(() => {});
    this.hold(true);
  }

  /**
   * Runs one job. The child stops runaway code itself at `job.timeoutMs`;
   * if it has not answered by `hardLimitMs` (a loop inside a getter, a
   * crash) it is killed and the run reported as timed out.
   */
  run(job: SandboxJob, hardLimitMs: number, signal?: AbortSignal): Promise<SandboxOutcome> {
    const started = performance.now();
    this.hold(true);
    return new Promise<SandboxOutcome>((resolve) => {
      let abandoned: ReturnType<typeof setTimeout> | undefined;
      // The caller gave up (task timeout, run stopped): a run that does not answer within the grace is killed.
      const onAbort = (): void => {
        abandoned = setTimeout(() => {
          this.kill();
          settle({
            result: failedRun(job, {
              error: `the run was abandoned (its task timed out or the run stopped); the sandbox process was killed after ${ABANDON_GRACE_MS} ms`,
            }),
            reusable: false,
          });
        }, ABANDON_GRACE_MS);
      };
      const settle = (outcome: SandboxOutcome) => {
        clearTimeout(timer);
        clearTimeout(abandoned);
        signal?.removeEventListener('abort', onAbort);
        this.onResult = null;
        this.onExit = null;
        this.hold(false);
        outcome.result.durationMs = performance.now() - started;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        this.kill();
        settle({
          result: failedRun(job, {
            timedOut: true,
            error: `the run did not finish within ${job.timeoutMs} ms; the sandbox process was killed`,
          }),
          reusable: false,
        });
      }, hardLimitMs);
      this.onResult = (result) => settle({ result, reusable: !result.timedOut });
      this.onExit = (code, signal) => {
        const memoryExceeded = /heap out of memory|Reached heap limit/i.test(this.stderrTail);
        settle({
          result: failedRun(job, {
            memoryExceeded,
            error: memoryExceeded
              ? 'the code ran out of memory (heap limit reached); the sandbox process was replaced'
              : `the sandbox process crashed (code ${code}, signal ${signal})`,
          }),
          reusable: false,
        });
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      if (this.exited) this.onExit(this.child.exitCode, this.child.signalCode);
      else this.child.send(job);
    });
  }

  /** Stops the child at once; resolves when it has exited. */
  kill(): Promise<void> {
    if (!this.exited) {
      // Referenced again so the host stays up until the exit is seen.
      this.hold(true);
      this.child.kill('SIGKILL');
    }
    return this.exitPromise;
  }

  /** Idle children must not keep the host process alive. */
  private hold(active: boolean): void {
    if (this.exited) return;
    const handles = [this.child.channel, this.child.stderr] as Array<Refable | null | undefined>;
    if (active) this.child.ref();
    else this.child.unref();
    for (const handle of handles) {
      if (active) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  /** Marks the child idle once it is ready (called by the pool). */
  release(): void {
    this.hold(false);
  }
}

interface Refable {
  ref?: () => void;
  unref?: () => void;
}

function failedRun(job: SandboxJob, fields: Partial<SandboxResult>): SandboxResult {
  return {
    ok: false,
    timedOut: false,
    memoryExceeded: false,
    passed: 0,
    failed: job.tests.length,
    failures: [],
    output: '',
    error: null,
    durationMs: 0,
    ...fields,
  };
}
