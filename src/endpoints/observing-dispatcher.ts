import type { Clock } from '../spec/index.js';
import type { FetchCall } from './fetch-call.js';

/**
 * The handler interface fetch hands to a dispatcher (undici's Dispatcher
 * API v1, which both Node 20's built-in fetch and undici 7's fetch use).
 */
interface DispatchHandler {
  onConnect?(abort: (reason?: Error) => void, context?: unknown): void;
  onResponseStarted?(): void;
  onHeaders?(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: Buffer[] | null): void;
  onError?(error: Error): void;
  onUpgrade?(status: number, rawHeaders: Buffer[], socket: unknown): void;
  onBodySent?(chunk: unknown): void;
  onRequestSent?(): void;
}

/** What fetch needs of `init.dispatcher`. */
export interface Dispatcher {
  dispatch(options: object, handler: DispatchHandler): boolean;
}

/** The dispatcher Node's fetch uses when given none (set by its bundled undici, or by `setGlobalDispatcher`). */
export function globalDispatcher(): Dispatcher | undefined {
  return (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
}

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A dispatcher for one call that lets `base` do the work and watches the
 * response bytes as the connection delivers them, before fetch turns them
 * into the body stream. This costs a few calls per network chunk, where
 * wrapping the body in a second ReadableStream costs a promise round trip
 * per chunk and a new Response. Redirect hops fetch follows are skipped;
 * content-encoded bodies are left to the caller to observe after decoding
 * (`encoded`).
 *
 * Written against the v1 handler API that fetch calls, rather than as an
 * undici 7 interceptor (`Dispatcher.compose`, v2 handlers) for undici 7's
 * own fetch: the caller keeps Node's fetch, with its global Response and
 * Request classes, its connection pool and any dispatcher it passes, and
 * undici 7 dispatchers still accept v1 handlers.
 */
export class ObservingDispatcher implements Dispatcher {
  /** The response body is content-encoded, so its bytes here are not the JSON or SSE text. */
  encoded = false;
  /** A final (not followed redirect) response reached this dispatcher. */
  observed = false;
  private readonly base: Dispatcher;
  private readonly call: FetchCall;
  private readonly clock: Clock;
  private readonly followsRedirects: boolean;

  constructor(base: Dispatcher, call: FetchCall, clock: Clock, followsRedirects: boolean) {
    this.base = base;
    this.call = call;
    this.clock = clock;
    this.followsRedirects = followsRedirects;
  }

  /** undici's MockAgent is asked this by fetch; forward it so mocked dispatchers keep working. */
  get isMockActive(): unknown {
    return (this.base as { isMockActive?: unknown }).isMockActive;
  }

  dispatch(options: object, handler: DispatchHandler): boolean {
    return this.base.dispatch(options, new ObservingHandler(handler, this));
  }

  /** Called by the handler with the response head; says whether to watch this response's body. */
  response(status: number, rawHeaders: Buffer[]): boolean {
    let contentType = '';
    let encoding = '';
    let location = false;
    for (let index = 0; index < rawHeaders.length; index += 2) {
      const name = rawHeaders[index]!;
      // Compare lengths first: most headers are rejected without decoding their name.
      if (name.length === 12 && name.toString('latin1').toLowerCase() === 'content-type') {
        contentType = rawHeaders[index + 1]!.toString('latin1');
      } else if (name.length === 16 && name.toString('latin1').toLowerCase() === 'content-encoding') {
        encoding = rawHeaders[index + 1]!.toString('latin1').trim().toLowerCase();
      } else if (name.length === 8 && name.toString('latin1').toLowerCase() === 'location') {
        location = true;
      }
    }
    if (location && this.followsRedirects && REDIRECTS.has(status)) return false;
    this.observed = true;
    this.encoded = encoding !== '' && encoding !== 'identity';
    if (this.encoded) return false;
    this.call.headers(status, contentType, this.clock.now());
    return true;
  }

  chunk(bytes: Buffer): void {
    this.call.chunk(bytes, this.clock.now());
  }

  complete(): void {
    this.call.complete();
  }

  fail(error: Error): void {
    this.call.end(error);
  }
}

/** Passes every event on to fetch's handler, reporting the watched response's head, bytes, end and failure. */
class ObservingHandler implements DispatchHandler {
  private readonly inner: DispatchHandler;
  private readonly observer: ObservingDispatcher;
  private watching = false;

  constructor(inner: DispatchHandler, observer: ObservingDispatcher) {
    this.inner = inner;
    this.observer = observer;
  }

  onConnect(abort: (reason?: Error) => void, context?: unknown): void {
    this.inner.onConnect?.(abort, context);
  }

  onResponseStarted(): void {
    this.inner.onResponseStarted?.();
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    // 1xx heads (100 Continue) are interim; the real response follows.
    if (status >= 200) this.watching = this.observer.response(status, rawHeaders);
    return this.inner.onHeaders?.(status, rawHeaders, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    if (this.watching) this.observer.chunk(chunk);
    return this.inner.onData?.(chunk) ?? true;
  }

  onComplete(trailers: Buffer[] | null): void {
    if (this.watching) {
      this.watching = false;
      this.observer.complete();
    }
    this.inner.onComplete?.(trailers);
  }

  onError(error: Error): void {
    if (this.watching || !this.observer.observed) {
      this.watching = false;
      this.observer.fail(error);
    }
    if (this.inner.onError === undefined) throw error;
    this.inner.onError(error);
  }

  onUpgrade(status: number, rawHeaders: Buffer[], socket: unknown): void {
    this.inner.onUpgrade?.(status, rawHeaders, socket);
  }

  onBodySent(chunk: unknown): void {
    this.inner.onBodySent?.(chunk);
  }

  onRequestSent(): void {
    this.inner.onRequestSent?.();
  }
}
