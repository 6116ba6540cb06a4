import { AnthropicUsageTracker } from './anthropic-usage.js';
import { type FetchCallRecord, type FetchedApi, STREAM_ERROR } from './fetch-call.js';
import { fromOpenAIUsage } from './openai-usage.js';
import { anthropicStreamScanner, openAIStreamScanner, type StreamScanner } from './stream-scan.js';

/** What reads a body on the side: sees each chunk, then fills the record at the end. */
export interface BodyObserver {
  chunk(bytes: Uint8Array, atMs: number): void;
  end(record: FetchCallRecord): void;
}

/** The observer for a response body of a known model API: a stream scanner, or the JSON body kept to its end. */
export function bodyObserver(api: FetchedApi, streamed: boolean, sentAtMs: number): BodyObserver {
  if (!streamed) return new JsonObserver(api);
  return new StreamObserver(
    api === 'anthropic-messages' ? anthropicStreamScanner(sentAtMs) : openAIStreamScanner(sentAtMs),
  );
}

// Classes rather than closures: one observer per call, so its methods should not be allocated per call.
class StreamObserver implements BodyObserver {
  private readonly scanner: StreamScanner;

  constructor(scanner: StreamScanner) {
    this.scanner = scanner;
  }

  chunk(bytes: Uint8Array, atMs: number): void {
    this.scanner.feed(bytes, atMs);
  }

  end(target: FetchCallRecord): void {
    const result = this.scanner.end();
    const timing = result.timeline.finish(result.usage?.outputTokens ?? null);
    if (result.model !== null) target.model = result.model;
    target.firstTokenAtMs = timing.firstTokenAtMs;
    target.lastTokenAtMs = timing.lastTokenAtMs;
    target.interTokenGapsMs = timing.interTokenGapsMs;
    target.usage = result.usage;
    target.finishReason = result.finishReason;
    // HTTP 200 and then an error event: the call failed mid-answer, whatever its status says.
    if (result.error !== null && target.error === null) {
      target.error = new Error(`the stream ended with an error event: ${result.error}`);
      target.error.name = STREAM_ERROR;
    }
  }
}

/** Keeps the chunks by reference (no copy until the end) and reads usage from the whole JSON body. */
class JsonObserver implements BodyObserver {
  private readonly api: FetchedApi;
  private readonly chunks: Uint8Array[] = [];

  constructor(api: FetchedApi) {
    this.api = api;
  }

  chunk(bytes: Uint8Array): void {
    this.chunks.push(bytes);
  }

  end(target: FetchCallRecord): void {
    const parsed = JSON.parse(Buffer.concat(this.chunks).toString('utf8')) as {
      model?: string;
      usage?: Record<string, unknown>;
      stop_reason?: string;
      choices?: Array<{ finish_reason?: string }>;
    };
    if (typeof parsed.model === 'string') target.model = parsed.model;
    if (this.api === 'anthropic-messages') {
      const tracker = new AnthropicUsageTracker();
      tracker.update(parsed.usage);
      target.usage = tracker.reported ? tracker.usage() : null;
      target.finishReason = parsed.stop_reason ?? null;
    } else if (this.api === 'openai-embeddings') {
      const inputTokens = parsed.usage?.prompt_tokens;
      target.usage =
        typeof inputTokens === 'number'
          ? { inputTokens, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 }
          : null;
    } else {
      target.usage = fromOpenAIUsage(parsed.usage);
      target.finishReason = parsed.choices?.[0]?.finish_reason ?? null;
    }
  }
}
