import { AnthropicUsageTracker } from './anthropic-usage.js';
import { estimateTokens } from './estimate-tokens.js';
import { type FetchCallRecord, type FetchedApi, STREAM_ERROR } from './fetch-call.js';
import {
  fromOpenAIUsage,
  fromResponsesUsage,
  type ResponsesBody,
  responsesFinishReason,
} from './openai-usage.js';
import {
  anthropicStreamScanner,
  openAIStreamScanner,
  responsesStreamScanner,
  type StreamScanner,
} from './stream-scan.js';

/** What reads a body on the side: sees each chunk, then fills the record at the end. */
export interface BodyObserver {
  chunk(bytes: Uint8Array, atMs: number): void;
  end(record: FetchCallRecord): void;
  /**
   * Output tokens estimated from the body, for when it reported no usage
   * (read after end): one per output-bearing stream event, the rule the
   * inter-token gaps use; a JSON body's answer text / 4.
   */
  estimatedOutputTokens(): number;
}

/** The observer for a response body of a known model API: a stream scanner, or the JSON body kept to its end. */
export function bodyObserver(api: FetchedApi, streamed: boolean, sentAtMs: number): BodyObserver {
  if (!streamed) return new JsonObserver(api);
  return new StreamObserver(
    api === 'anthropic-messages'
      ? anthropicStreamScanner(sentAtMs)
      : api === 'openai-responses'
        ? responsesStreamScanner(sentAtMs)
        : openAIStreamScanner(sentAtMs),
  );
}

// Classes rather than closures: one observer per call, so its methods should not be allocated per call.
class StreamObserver implements BodyObserver {
  private readonly scanner: StreamScanner;
  private outputEvents = 0;

  constructor(scanner: StreamScanner) {
    this.scanner = scanner;
  }

  chunk(bytes: Uint8Array, atMs: number): void {
    this.scanner.feed(bytes, atMs);
  }

  end(target: FetchCallRecord): void {
    const result = this.scanner.end();
    this.outputEvents = result.timeline.chunks;
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

  estimatedOutputTokens(): number {
    return this.outputEvents;
  }
}

/** Keeps the chunks by reference (no copy until the end) and reads usage from the whole JSON body. */
class JsonObserver implements BodyObserver {
  private readonly api: FetchedApi;
  private readonly chunks: Uint8Array[] = [];
  private answerCharacters = 0;

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
      choices?: Array<{
        finish_reason?: string;
        message?: { content?: string | null; tool_calls?: Array<{ function?: { arguments?: string } }> };
      }>;
      content?: Array<{ text?: string; input?: unknown }>;
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
    } else if (this.api === 'openai-responses') {
      const response = parsed as ResponsesBody;
      target.usage = fromResponsesUsage(response.usage);
      target.finishReason = responsesFinishReason(response);
    } else {
      target.usage = fromOpenAIUsage(parsed.usage);
      target.finishReason = parsed.choices?.[0]?.finish_reason ?? null;
    }
    if (target.usage === null) this.answerCharacters = answerCharacters(parsed);
  }

  estimatedOutputTokens(): number {
    return estimateTokens(this.answerCharacters);
  }
}

/** Characters of the answer in a JSON response of any of the model APIs (chat, Responses, Messages). */
function answerCharacters(parsed: {
  choices?: Array<{
    message?: { content?: string | null; tool_calls?: Array<{ function?: { arguments?: string } }> };
  }>;
  content?: Array<{ text?: string; input?: unknown }>;
  output?: ResponsesBody['output'];
}): number {
  let characters = 0;
  const message = parsed.choices?.[0]?.message;
  characters += message?.content?.length ?? 0;
  for (const call of message?.tool_calls ?? []) characters += call.function?.arguments?.length ?? 0;
  for (const block of parsed.content ?? [])
    characters += block.text?.length ?? (block.input === undefined ? 0 : JSON.stringify(block.input).length);
  for (const item of parsed.output ?? []) {
    characters += item.arguments?.length ?? 0;
    for (const part of item.content ?? []) characters += part.text?.length ?? 0;
  }
  return characters;
}
