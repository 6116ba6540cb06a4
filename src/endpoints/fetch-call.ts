import { httpFault, networkFault } from '../fault-class.js';
import type { Clock, TokenUsage } from '../spec/index.js';
import { type BodyObserver, bodyObserver } from './body-observer.js';
import { estimateTokens, requestCharacters } from './estimate-tokens.js';

/** Which model API a fetched URL is, told by its path. */
export type FetchedApi =
  | 'openai-chat'
  | 'openai-responses'
  | 'openai-embeddings'
  | 'anthropic-messages'
  | 'other';

/** One call made through an instrumented fetch, reported once its response body is done. */
export interface FetchCallRecord {
  url: string;
  method: string;
  api: FetchedApi;
  /** Model named by the response (or the request body), when known. */
  model: string | null;
  /** HTTP status; null when no response arrived. */
  status: number | null;
  streamed: boolean;
  /** Clock readings (hooks.clock): call made, headers in, first and last token, body done. */
  startMs: number;
  headersAtMs: number | null;
  firstTokenAtMs: number | null;
  lastTokenAtMs: number | null;
  endMs: number;
  /** Per-token gaps of a streamed response (see TokenTimeline). */
  interTokenGapsMs: number[];
  /** Reported usage; null when the API sent none or the body was not a model API's. */
  usage: TokenUsage | null;
  /** True when the API sent no usage and `usage` holds estimates (see estimateFetchUsage). */
  usageEstimated: boolean;
  finishReason: string | null;
  /** Why the call or its body failed (network error, abort, body cancelled by the reader). */
  error: Error | null;
}

/**
 * The hooks an instrumented fetch reports through. Both run on the request
 * path: they must be cheap and must not throw (a throw is swallowed so the
 * user's SDK never sees it).
 */
export interface FetchHooks {
  /** The clock every reading comes from (the run's clock). */
  clock: Clock;
  /** A call is about to be sent. */
  onStart?(call: { url: string; method: string; api: FetchedApi }): void;
  /** A call is over: its body was received to the end, failed, or was cancelled. Called exactly once per call. */
  onEnd(record: FetchCallRecord): void;
}

/**
 * One call's measurement, fed from wherever its bytes are seen (the
 * connection's dispatcher, or a stream around the body) and reported once.
 */
export class FetchCall {
  readonly record: FetchCallRecord;
  private readonly hooks: FetchHooks;
  private observer: BodyObserver | null = null;
  private ended = false;
  /** The request body, read for the model only if the response does not name one. */
  private readonly requestBody: unknown;

  constructor(hooks: FetchHooks, record: FetchCallRecord, requestBody: unknown) {
    this.hooks = hooks;
    this.record = record;
    this.requestBody = requestBody;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Response headers arrived; a body of a known API will be watched from here on. */
  headers(status: number, contentType: string, atMs: number): void {
    const record = this.record;
    record.headersAtMs = atMs;
    record.status = status;
    record.streamed = contentType.includes('text/event-stream');
    this.observer = record.api === 'other' ? null : bodyObserver(record.api, record.streamed, record.startMs);
  }

  chunk(bytes: Uint8Array, atMs: number): void {
    const observer = this.observer;
    if (observer === null) return;
    try {
      observer.chunk(bytes, atMs);
    } catch {
      // A body we cannot parse is still the caller's to read; stop measuring it, keep passing it on.
      this.observer = null;
    }
  }

  /** The body is complete: fill the record from it and report. */
  complete(): void {
    const observer = this.observer;
    this.observer = null;
    if (observer !== null && !this.ended) {
      try {
        observer.end(this.record);
        this.estimateMissingUsage(observer);
      } catch {
        // An unreadable body (truncated JSON) leaves the record without usage; the call is still reported.
      }
    }
    this.end(null);
  }

  /**
   * A successful answer that reported no usage: estimate it, as the
   * adapters do, and mark it estimated (a failed call billed nothing we can
   * see, so it keeps none).
   */
  private estimateMissingUsage(observer: BodyObserver): void {
    const record = this.record;
    if (record.usage !== null || record.error !== null || (record.status ?? 0) >= 400) return;
    const isEmbedding = record.api === 'openai-embeddings';
    record.usage = {
      inputTokens: estimateTokens(requestCharacters(this.requestBody)),
      cachedInputTokens: 0,
      outputTokens: isEmbedding ? 0 : observer.estimatedOutputTokens(),
      reasoningTokens: 0,
    };
    record.usageEstimated = true;
  }

  /** Reports the call once; later calls (a second failure, a late cancel) are ignored. */
  end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.observer = null;
    const record = this.record;
    record.endMs = this.hooks.clock.now();
    if (record.model === null && record.api !== 'other') record.model = modelOf(this.requestBody);
    if (error !== null) record.error = error instanceof Error ? error : new Error(String(error));
    try {
      this.hooks.onEnd(record);
    } catch {
      // Hooks must not break the caller's request.
    }
  }
}

/** Name of the error a body observer records for an error event in a 2xx stream. */
export const STREAM_ERROR = 'StreamError';

/**
 * The fault class of a failed call (null when it did not fail): its HTTP
 * status, an error event in the stream, or the network failure.
 */
export function fetchFault(record: FetchCallRecord): string | null {
  if (record.status !== null && record.status >= 400) return httpFault(record.status);
  const error = record.error;
  if (error === null) return null;
  if (error.name === STREAM_ERROR) return 'stream error';
  if (error.name === 'TimeoutError') return 'timeout';
  if (error.name === 'AbortError') return 'interrupted';
  return networkFault(error) ?? 'connection error';
}

/** The model named in a JSON request body, found without parsing the whole body. */
function modelOf(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  const match = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body);
  return match?.[1] ?? null;
}

/** Tells the hooks a call is about to be sent; a throwing hook never reaches the caller's request. */
export function reportStart(hooks: FetchHooks, url: string, method: string, api: FetchedApi): void {
  if (hooks.onStart === undefined) return;
  try {
    hooks.onStart({ url, method, api });
  } catch {
    // Hooks must not break the caller's request.
  }
}
