/**
 * One error base for everything agentperf throws on purpose. The CLI maps
 * kinds to exit codes: usage and config errors exit 2 with a one-line
 * reason and no stack trace.
 */
const BRAND = Symbol.for('agentperf.error');

/** `store`: the run store or run directory could not be opened or written (exit 3). */
export type ErrorKind = 'usage' | 'config' | 'api-call' | 'tool' | 'store' | 'internal';

export class AgentperfError extends Error {
  readonly [BRAND] = true;
  readonly kind: ErrorKind;
  /** How the user can fix it, when they can. */
  readonly hint: string | undefined;

  constructor(kind: ErrorKind, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentperfError';
    this.kind = kind;
    this.hint = options?.hint;
  }

  /** Brand check that survives duplicate module copies. */
  static is(value: unknown): value is AgentperfError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** True for errors a user fixes by changing their input (exit 2). */
  get userFixable(): boolean {
    return this.kind === 'usage' || this.kind === 'config';
  }
}

/** Bad command-line usage. */
export class UsageError extends AgentperfError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint === undefined ? undefined : { hint });
    this.name = 'UsageError';
  }
}

/** One problem found while validating a suite or fabric file. */
export interface ConfigIssue {
  /** File the problem is in. */
  file: string;
  /** Path inside the file, e.g. "levels[2].concurrency". */
  path: string;
  /** What was wrong and what was expected. */
  message: string;
}

/** A suite or fabric file that does not validate: carries every problem found, not just the first. */
export class ConfigError extends AgentperfError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], hint?: string) {
    super('config', ConfigError.describe(issues), hint === undefined ? undefined : { hint });
    this.name = 'ConfigError';
    this.issues = issues;
  }

  static describe(issues: ConfigIssue[]): string {
    return issues
      .map((issue) => `${issue.file}: ${issue.path || '(top level)'}: ${issue.message}`)
      .join('\n');
  }
}

/** A failed call to a model API. Retryability is decided here, in one place. */
export class ApiCallError extends AgentperfError {
  readonly url: string;
  readonly status: number | null;
  readonly bodyExcerpt: string;
  readonly retryable: boolean;
  /** Seconds from a Retry-After header, when the server sent one. */
  readonly retryAfterS: number | null;
  readonly endpoint: string;
  /** The fault class the report counts (`HTTP 503`, `timeout`, `connection reset`, `stream error`, …). */
  readonly fault: string;

  constructor(init: {
    endpoint: string;
    url: string;
    status: number | null;
    bodyExcerpt?: string;
    message?: string;
    retryAfterS?: number | null;
    retryable?: boolean;
    cause?: unknown;
    /** Defaults to `HTTP <status>` for a failed status, `connection error` with no response, `stream error` for a 2xx body that failed. */
    fault?: string;
  }) {
    const status = init.status;
    const message =
      init.message ??
      `endpoint "${init.endpoint}" answered ${status === null ? 'with no response' : `HTTP ${status}`} at ${init.url}${
        init.bodyExcerpt ? `: ${init.bodyExcerpt}` : ''
      }`;
    super('api-call', message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiCallError';
    this.endpoint = init.endpoint;
    this.url = init.url;
    this.status = status;
    this.bodyExcerpt = init.bodyExcerpt ?? '';
    this.retryAfterS = init.retryAfterS ?? null;
    this.retryable = init.retryable ?? ApiCallError.isRetryableStatus(status);
    this.fault =
      init.fault ??
      (status === null ? 'connection error' : status >= 400 ? `HTTP ${status}` : 'stream error');
  }

  /** 408, 409, 429 and 5xx are worth retrying; no response at all (reset, refused) too. */
  static isRetryableStatus(status: number | null): boolean {
    if (status === null) return true;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
}

/** An error a tool wants the model to see (bad arguments, not found, …). */
export class ToolError extends AgentperfError {
  constructor(message: string) {
    super('tool', message);
    this.name = 'ToolError';
  }
}
