import type { TokenUsage } from '../spec/index.js';
import { toFinishReason } from './anthropic-messages.js';
import { type AnthropicUsage, AnthropicUsageTracker } from './anthropic-usage.js';
import {
  fromOpenAIUsage,
  fromResponsesUsage,
  type ResponsesBody,
  responsesFinishReason,
} from './openai-usage.js';
import type { OpenAIStreamChunk } from './openai-wire.js';
import { EventScanner, type SummaryReader } from './event-scanner.js';
import type { TokenTimeline } from './token-timeline.js';

/** What a scan of a streamed body yields: no content, only what a step record needs. */
export interface StreamScanResult {
  model: string | null;
  usage: TokenUsage | null;
  finishReason: string | null;
  /** The message of an error event in the stream (the server failed mid-answer); null when none came. */
  error: string | null;
  timeline: TokenTimeline;
}

/** Watches the bytes of a model stream that someone else (the user's SDK) is reading. */
export interface StreamScanner {
  feed(chunk: Uint8Array, atMs: number): void;
  end(): StreamScanResult;
}

/**
 * What every stream scanner keeps: the event scanner over the bytes and the
 * summary fields its `summary` lines fill in. Subclasses read their API's
 * summary lines.
 */
abstract class SummaryScanner implements StreamScanner, SummaryReader {
  protected readonly scanner: EventScanner;
  protected model: string | null = null;
  protected usage: TokenUsage | null = null;
  protected finishReason: string | null = null;
  protected error: string | null = null;

  constructor(sentAtMs: number, pattern: RegExp) {
    this.scanner = new EventScanner(sentAtMs, pattern, this);
  }

  abstract summary(json: string): void;

  feed(chunk: Uint8Array, atMs: number): void {
    this.scanner.feed(chunk, atMs);
  }

  end(): StreamScanResult {
    this.scanner.end();
    return {
      model: this.model,
      usage: this.usage,
      finishReason: this.finishReason,
      error: this.error,
      timeline: this.scanner.timeline,
    };
  }
}

/** Non-empty content or reasoning, or a tool-call delta; ending in a quote: usage, a finish reason or an error. */
const OPENAI_EVENTS =
  /"(?:reasoning_)?content"\s*:\s*"[^"]|"reasoning"\s*:\s*"[^"]|"tool_calls"\s*:\s*\[\s*\{|"usage"\s*:\s*\{\s*"|"finish_reason"\s*:\s*"|"error"\s*:\s*\{\s*"/g;

/** Scans an OpenAI chat completion stream. */
export function openAIStreamScanner(sentAtMs: number): StreamScanner {
  return new OpenAIStreamScanner(sentAtMs);
}

// Classes rather than closures: one scanner per call, so its methods should not be allocated per call.
class OpenAIStreamScanner extends SummaryScanner {
  constructor(sentAtMs: number) {
    super(sentAtMs, OPENAI_EVENTS);
  }

  summary(json: string): void {
    const chunk = JSON.parse(json) as OpenAIStreamChunk & { error?: { message?: string; type?: string } };
    if (chunk.error !== undefined && chunk.error !== null) {
      this.error ??= chunk.error.message ?? chunk.error.type ?? 'error event';
      return;
    }
    if (chunk.model) this.model = chunk.model;
    this.usage = fromOpenAIUsage(chunk.usage) ?? this.usage;
    this.finishReason = chunk.choices?.[0]?.finish_reason ?? this.finishReason;
  }
}

/** Non-empty text, thinking or tool input, or a tool_use block start; ending in a quote: message_start, message_delta or error. */
const ANTHROPIC_EVENTS =
  /"type"\s*:\s*"(?:message_(?:start|delta)|error)"|"(?:text|thinking|partial_json)"\s*:\s*"[^"]|"type"\s*:\s*"tool_use(?=")/g;

/** Scans an Anthropic Messages stream; message_delta usage replaces, as in the adapter. */
export function anthropicStreamScanner(sentAtMs: number): StreamScanner {
  return new AnthropicStreamScanner(sentAtMs);
}

class AnthropicStreamScanner extends SummaryScanner {
  private readonly tracker = new AnthropicUsageTracker();

  constructor(sentAtMs: number) {
    super(sentAtMs, ANTHROPIC_EVENTS);
  }

  summary(json: string): void {
    const parsed = JSON.parse(json) as {
      type?: string;
      error?: { type?: string; message?: string };
      message?: { model?: string; usage?: AnthropicUsage };
      delta?: { stop_reason?: string | null };
      usage?: AnthropicUsage;
    };
    if (parsed.type === 'error') {
      this.error ??= parsed.error?.message ?? parsed.error?.type ?? 'error event';
      return;
    }
    if (parsed.message?.model) this.model = parsed.message.model;
    this.tracker.update(parsed.message?.usage ?? parsed.usage);
    if (this.tracker.reported) this.usage = this.tracker.usage();
    if (parsed.delta?.stop_reason) this.finishReason = toFinishReason(parsed.delta.stop_reason);
  }
}

/**
 * Non-empty text, reasoning or function-argument deltas; ending in a quote:
 * the events that carry the response (model, usage, status) and errors.
 */
const RESPONSES_EVENTS =
  /"delta"\s*:\s*"[^"]|"type"\s*:\s*"(?:response\.(?:created|completed|failed|incomplete)|error)"/g;

/** Scans an OpenAI Responses API stream (`response.output_text.delta` … `response.completed`). */
export function responsesStreamScanner(sentAtMs: number): StreamScanner {
  return new ResponsesStreamScanner(sentAtMs);
}

class ResponsesStreamScanner extends SummaryScanner {
  constructor(sentAtMs: number) {
    super(sentAtMs, RESPONSES_EVENTS);
  }

  summary(json: string): void {
    const event = JSON.parse(json) as {
      type?: string;
      message?: string;
      code?: string;
      response?: ResponsesBody;
    };
    if (event.type === 'error') {
      this.error ??= event.message ?? event.code ?? 'error event';
      return;
    }
    const response = event.response;
    if (response === undefined) return;
    if (response.model) this.model = response.model;
    this.usage = fromResponsesUsage(response.usage) ?? this.usage;
    if (event.type === 'response.failed') {
      this.error ??= response.error?.message ?? response.error?.code ?? 'response.failed';
      return;
    }
    if (event.type !== 'response.created') this.finishReason = responsesFinishReason(response);
  }
}
