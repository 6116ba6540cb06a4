import type { Clock, TokenUsage } from '../spec/index.js';
import { AnthropicUsageTracker } from './anthropic-usage.js';
import { fromOpenAIUsage } from './openai-usage.js';
import { anthropicStreamScanner, openAIStreamScanner } from './stream-scan.js';

/** Which model API a fetched URL is, told by its path. */
export type FetchedApi = 'openai-chat' | 'openai-embeddings' | 'anthropic-messages' | 'other';

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
  /** A call is over: its body was read to the end, failed, or was cancelled. Called exactly once per call. */
  onEnd(record: FetchCallRecord): void;
}

/**
 * Wraps a fetch so every OpenAI- or Anthropic-shaped call through it is
 * recorded: timing, time to first token, inter-token gaps and tokens, read
 * from the body as it streams to the caller. Each chunk is handed to the
 * caller as it arrives and parsed on the side; nothing is held back. Only
 * non-streamed JSON bodies of known APIs are kept (by reference) until they
 * end, to read their usage.
 */
export function instrumentFetch(baseFetch: typeof fetch, hooks: FetchHooks): typeof fetch {
  const instrumented = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const api = apiOf(url);
    const record: FetchCallRecord = {
      url,
      method,
      api,
      model: api === 'other' ? null : modelOf(init?.body),
      status: null,
      streamed: false,
      startMs: hooks.clock.now(),
      headersAtMs: null,
      firstTokenAtMs: null,
      lastTokenAtMs: null,
      endMs: 0,
      interTokenGapsMs: [],
      usage: null,
      finishReason: null,
      error: null,
    };
    let ended = false;
    const end = (error: unknown): void => {
      if (ended) return;
      ended = true;
      record.endMs = hooks.clock.now();
      if (error !== null) record.error = error instanceof Error ? error : new Error(String(error));
      safely(() => hooks.onEnd(record));
    };
    safely(() => hooks.onStart?.({ url, method, api }));
    let response: Response;
    try {
      response = await baseFetch(input, init);
    } catch (error) {
      end(error);
      throw error;
    }
    record.headersAtMs = hooks.clock.now();
    record.status = response.status;
    if (response.body === null || api === 'other') {
      end(null);
      return response;
    }
    const contentType = response.headers.get('content-type') ?? '';
    record.streamed = contentType.includes('text/event-stream');
    const observer = record.streamed ? streamObserver(api, record) : jsonObserver(api, record);
    const wrapped = new Response(passThrough(response.body, hooks.clock, record, observer, end), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  };
  return instrumented as typeof fetch;
}

/** What reads a body on the side: sees each chunk, then fills the record at the end. */
interface BodyObserver {
  chunk(bytes: Uint8Array, atMs: number): void;
  end(record: FetchCallRecord): void;
}

function passThrough(
  body: ReadableStream<Uint8Array>,
  clock: Clock,
  record: FetchCallRecord,
  observer: BodyObserver,
  end: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let observing = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let step: Awaited<ReturnType<typeof reader.read>>;
      try {
        step = await reader.read();
      } catch (error) {
        end(error);
        controller.error(error);
        return;
      }
      if (step.done) {
        if (observing) safely(() => observer.end(record));
        end(null);
        controller.close();
        return;
      }
      controller.enqueue(step.value);
      if (observing) {
        try {
          observer.chunk(step.value, clock.now());
        } catch {
          // A body we cannot parse is still the caller's to read; stop measuring it, keep passing it on.
          observing = false;
        }
      }
    },
    async cancel(reason) {
      end(reason instanceof Error ? reason : new Error('response body cancelled by the reader'));
      await reader.cancel(reason);
    },
  });
}

function streamObserver(api: FetchedApi, record: FetchCallRecord): BodyObserver {
  const scanner =
    api === 'anthropic-messages'
      ? anthropicStreamScanner(record.startMs)
      : openAIStreamScanner(record.startMs);
  return {
    chunk: (bytes, atMs) => scanner.feed(bytes, atMs),
    end(target) {
      const result = scanner.end();
      const timing = result.timeline.finish(result.usage?.outputTokens ?? null);
      if (result.model !== null) target.model = result.model;
      target.firstTokenAtMs = timing.firstTokenAtMs;
      target.lastTokenAtMs = timing.lastTokenAtMs;
      target.interTokenGapsMs = timing.interTokenGapsMs;
      target.usage = result.usage;
      target.finishReason = result.finishReason;
    },
  };
}

function jsonObserver(api: FetchedApi, _record: FetchCallRecord): BodyObserver {
  const chunks: Uint8Array[] = [];
  return {
    chunk: (bytes) => {
      chunks.push(bytes);
    },
    end(target) {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        model?: string;
        usage?: Record<string, unknown>;
        stop_reason?: string;
        choices?: Array<{ finish_reason?: string }>;
      };
      if (typeof parsed.model === 'string') target.model = parsed.model;
      if (api === 'anthropic-messages') {
        const tracker = new AnthropicUsageTracker();
        tracker.update(parsed.usage);
        target.usage = tracker.reported ? tracker.usage() : null;
        target.finishReason = parsed.stop_reason ?? null;
      } else if (api === 'openai-embeddings') {
        const inputTokens = parsed.usage?.prompt_tokens;
        target.usage =
          typeof inputTokens === 'number'
            ? { inputTokens, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 }
            : null;
      } else {
        target.usage = fromOpenAIUsage(parsed.usage);
        target.finishReason = parsed.choices?.[0]?.finish_reason ?? null;
      }
    },
  };
}

function apiOf(url: string): FetchedApi {
  const path = url.split('?', 1)[0] ?? url;
  if (path.endsWith('/chat/completions')) return 'openai-chat';
  if (path.endsWith('/embeddings')) return 'openai-embeddings';
  if (path.endsWith('/v1/messages')) return 'anthropic-messages';
  return 'other';
}

/** The model named in a JSON request body, found without parsing the whole body. */
function modelOf(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  const match = /"model"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(body);
  return match?.[1] ?? null;
}

function safely(hook: () => void): void {
  try {
    hook();
  } catch {
    // Hooks must not break the caller's request.
  }
}
