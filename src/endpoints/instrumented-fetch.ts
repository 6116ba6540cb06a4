import {
  FetchCall,
  type FetchCallRecord,
  type FetchedApi,
  type FetchHooks,
  reportStart,
} from './fetch-call.js';
import { observedResponse } from './observed-body-stream.js';
import { type Dispatcher, globalDispatcher, ObservingDispatcher } from './observing-dispatcher.js';

export type { FetchCallRecord, FetchedApi, FetchHooks } from './fetch-call.js';

/**
 * Wraps a fetch so every OpenAI- or Anthropic-shaped call through it is
 * recorded: timing, time to first token, inter-token gaps and tokens, read
 * from the body as it streams to the caller. Nothing is held back and the
 * caller gets fetch's own Response.
 *
 * With Node's fetch (or undici's), the bytes are watched in an undici
 * dispatcher passed as `init.dispatcher` around the one the call would use
 * anyway (the caller's `init.dispatcher`, else the global one), so each
 * chunk is seen as the connection delivers it, at no extra stream. Any other
 * fetch, and content-encoded bodies, are watched through a stream around
 * the body instead. Only non-streamed JSON bodies of known APIs are kept
 * (by reference) until they end, to read their usage.
 */
export function instrumentFetch(baseFetch: typeof fetch, hooks: FetchHooks): typeof fetch {
  const clock = hooks.clock;
  const instrumented = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const request = typeof input === 'string' || input instanceof URL ? null : input;
    const url = request === null ? String(input) : request.url;
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const api = apiOf(url);
    const call = new FetchCall(hooks, newRecord(url, method, api, clock.now()), init?.body);
    reportStart(hooks, url, method, api);
    const base = api === 'other' ? undefined : baseDispatcherOf(init);
    const dispatcher =
      base === undefined
        ? null
        : new ObservingDispatcher(
            base,
            call,
            clock,
            (init?.redirect ?? request?.redirect ?? 'follow') === 'follow',
          );
    let response: Response;
    try {
      response = await baseFetch(input, dispatcher === null ? init : withDispatcher(init, dispatcher));
    } catch (error) {
      call.end(error);
      throw error;
    }
    if (dispatcher?.observed === true && !dispatcher.encoded) return response;
    if (call.isEnded) return response;
    call.headers(response.status, response.headers.get('content-type') ?? '', clock.now());
    if (response.body === null || api === 'other') {
      call.end(null);
      return response;
    }
    return observedResponse(response, call, clock);
  };
  return instrumented as typeof fetch;
}

function newRecord(url: string, method: string, api: FetchedApi, startMs: number): FetchCallRecord {
  return {
    url,
    method,
    api,
    model: null,
    status: null,
    streamed: false,
    startMs,
    headersAtMs: null,
    firstTokenAtMs: null,
    lastTokenAtMs: null,
    endMs: 0,
    interTokenGapsMs: [],
    usage: null,
    usageEstimated: false,
    finishReason: null,
    error: null,
  };
}

/**
 * The dispatcher this call would use: the caller's `init.dispatcher`
 * (undici's extension to RequestInit), else the global one; undefined when
 * there is none we can wrap, and the body is watched as a stream instead.
 */
function baseDispatcherOf(init: RequestInit | undefined): Dispatcher | undefined {
  const chosen = (init as { dispatcher?: Partial<Dispatcher> | null } | undefined)?.dispatcher;
  if (chosen === undefined || chosen === null) return globalDispatcher();
  return typeof chosen.dispatch === 'function' ? (chosen as Dispatcher) : undefined;
}

function withDispatcher(init: RequestInit | undefined, dispatcher: Dispatcher): RequestInit {
  return { ...init, dispatcher } as RequestInit;
}

function apiOf(url: string): FetchedApi {
  const path = url.split('?', 1)[0] ?? url;
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/responses')) return 'openai-responses';
  if (path.endsWith('/embeddings')) return 'openai-embeddings';
  if (path.endsWith('/v1/messages')) return 'anthropic-messages';
  return 'other';
}
