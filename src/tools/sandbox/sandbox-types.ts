/** The outcome of one sandboxed run: the candidate code and its tests. */
export interface SandboxResult {
  /** True when the code loaded, every test passed and nothing timed out. */
  ok: boolean;
  /** The run exceeded its wall-time limit (the child was stopped or killed). */
  timedOut: boolean;
  /** The child ran out of heap and was replaced. */
  memoryExceeded: boolean;
  passed: number;
  failed: number;
  /** One entry per failing test, in test order. */
  failures: Array<{ name: string; message: string }>;
  /** What the code wrote with console.*, bounded. */
  output: string;
  /** Why the run as a whole failed (load error, timeout, crash), or null. */
  error: string | null;
  /** Wall time from handing the job to a warm child to its answer. */
  durationMs: number;
}

/** One run: `code` defines functions; each test is a snippet run after it in the same context. */
export interface SandboxInput {
  code: string;
  tests: Array<{ name: string; code: string }>;
  /** Wall-time limit for the code and all its tests together. */
  timeoutMs?: number;
  /**
   * Pass the tool's `env.signal`: when it aborts (the task timed out, the
   * run stopped) a queued run leaves the queue, and a running one has its
   * child process killed after a short grace (code in the child cannot
   * see the signal, so killing is the only way to stop it).
   */
  signal?: AbortSignal;
}

/** A pool of warm, isolated child processes that run untrusted JavaScript. */
export interface Sandbox {
  run(input: SandboxInput): Promise<SandboxResult>;
  /** What a child of this pool reported when it tried what the sandbox forbids (starts the pool). */
  isolation(): Promise<SandboxIsolation>;
  /** Stops every child; runs still queued are rejected. */
  close(): Promise<void>;
}

/** Options of createSandbox. */
export interface SandboxOptions {
  /** Warm child processes kept (default 2: one per core on a small machine). */
  poolSize?: number;
  /** Heap limit per child, MB (default 64). */
  memoryMb?: number;
  /** Wall-time limit when a run gives none, ms (default 2000). */
  defaultTimeoutMs?: number;
  /** Characters of console output kept per run (default 8000). */
  maxOutputChars?: number;
}

/** What the child found when it tried what the sandbox forbids (all must be true). */
export interface SandboxIsolation {
  fsReadDenied: boolean;
  fsWriteDenied: boolean;
  childProcessDenied: boolean;
  workerDenied: boolean;
}
