import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, Pool } from 'undici';
import { ApiCallError } from '../errors.js';
import type { CallOptions } from '../spec/index.js';
import { bodyExcerpt, toApiCallError } from './api-errors.js';
import { CallAbort } from './call-abort.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { DeadlineQueue } from './deadline-queue.js';
import { parseRetryAfter, type RetryPolicy, withRetries } from './retry-policy.js';

/** Per-call time limits (see timeoutsSchema). */
export interface Timeouts {
  connectMs: number;
  firstTokenMs: number;
  totalMs: number;
}

export interface HttpClientInit {
  /** Endpoint name, for error messages. */
  endpoint: string;
  /** Base URL; request paths are appended to it. */
  baseUrl: string;
  /** Headers sent with every request (auth included). Never logged. */
  headers: Record<string, string>;
  timeouts: Timeouts;
  retry: RetryPolicy;
  maxConcurrency?: number | undefined;
  /** Randomness for backoff jitter; injected by tests. */
  random?: () => number;
}

/** A successful (2xx) response, body not yet read. */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  /** Clock reading just before the request was handed to the socket. */
  sentAtMs: number;
}

/**
 * The one place an endpoint's HTTP calls go through: a pooled keep-alive
 * connection pool, the timeouts, the client-side concurrency cap and the
 * retry policy. Adapters only build bodies and read responses.
 */
export class HttpClient {
  readonly endpoint: string;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly origin: string;
  private readonly headers: Record<string, string>;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly gate: ConcurrencyGate | undefined;
  private readonly random: (() => number) | undefined;
  private readonly deadlines: DeadlineQueue;

  constructor(init: HttpClientInit) {
    const url = new URL(init.baseUrl);
    this.endpoint = init.endpoint;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.headers = { 'content-type': 'application/json', ...init.headers };
    this.timeouts = init.timeouts;
    this.retry = init.retry;
    this.gate = init.maxConcurrency === undefined ? undefined : new ConcurrencyGate(init.maxConcurrency);
    this.random = init.random;
    this.deadlines = new DeadlineQueue(init.timeouts.totalMs);
    this.pool = new Pool(url.origin, {
      connect: { timeout: init.timeouts.connectMs },
      headersTimeout: init.timeouts.firstTokenMs,
      bodyTimeout: init.timeouts.firstTokenMs,
      keepAliveTimeout: 30_000,
      ...(init.maxConcurrency === undefined ? {} : { connections: init.maxConcurrency }),
    });
  }

  /** The full URL of a path under the base URL (for messages; never carries secrets). */
  urlOf(path: string): string {
    return `${this.origin}${this.basePath}${path}`;
  }

  /**
   * POSTs a JSON body and hands the 2xx response to read(). Non-2xx answers,
   * network failures and unreadable bodies become ApiCallErrors; retryable
   * ones are retried per the policy, each retry reported to the observer.
   */
  post<T>(
    path: string,
    body: unknown,
    options: CallOptions,
    read: (response: HttpResponse) => Promise<T>,
  ): Promise<T> {
    const payload = JSON.stringify(body);
    return withRetries(this.retry, options, () => this.attempt(path, payload, options, read), this.random);
  }

  private async attempt<T>(
    path: string,
    payload: string,
    options: CallOptions,
    read: (response: HttpResponse) => Promise<T>,
  ): Promise<T> {
    if (this.gate !== undefined) {
      const waitMs = await this.gate.acquire(options.clock, options.signal);
      if (waitMs > 0) options.observer?.onQueued?.(waitMs);
    }
    const url = this.urlOf(path);
    // One cheap abort handle per call (undici needs one to cancel), no
    // AbortSignal.any and no timer of its own: the caller's signal is
    // forwarded by a listener, the total timeout comes from the client's
    // shared deadline queue.
    const deadline = new CallAbort();
    const outer = options.signal;
    const forward = (): void => deadline.abort(outer?.reason);
    if (outer !== undefined) {
      if (outer.aborted) forward();
      else outer.addEventListener('abort', forward, { once: true });
    }
    let timedOut = false;
    const entry = this.deadlines.add(() => {
      timedOut = true;
      deadline.abort(
        new ApiCallError({
          endpoint: this.endpoint,
          url,
          status: null,
          fault: 'timeout',
          message: `endpoint "${this.endpoint}" did not finish within the total timeout of ${this.timeouts.totalMs} ms at ${url}`,
        }),
      );
    });
    let status: number | null = null;
    let response: Dispatcher.ResponseData | undefined;
    try {
      const sentAtMs = options.clock.now();
      response = await this.pool.request({
        path: `${this.basePath}${path}`,
        method: 'POST',
        headers: this.headers,
        body: payload,
        signal: deadline,
      });
      const code = response.statusCode;
      status = code;
      if (code < 200 || code >= 300) {
        const text = await response.body.text();
        throw new ApiCallError({
          endpoint: this.endpoint,
          url,
          status: code,
          bodyExcerpt: bodyExcerpt(text),
          retryAfterS: parseRetryAfter(response.headers['retry-after'], response.headers['retry-after-ms']),
        });
      }
      return await read({ status: code, headers: response.headers, body: response.body, sentAtMs });
    } catch (error) {
      response?.body.destroy();
      if (outer?.aborted) throw outer.reason;
      if (timedOut) throw deadline.reason;
      throw toApiCallError(error, this.endpoint, url, status);
    } finally {
      this.deadlines.settle(entry);
      outer?.removeEventListener('abort', forward);
      this.gate?.release();
    }
  }

  /** Closes the pool's connections. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
