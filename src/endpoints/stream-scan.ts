import type { TokenUsage } from '../spec/index.js';
import { toFinishReason } from './anthropic-messages.js';
import { type AnthropicUsage, AnthropicUsageTracker } from './anthropic-usage.js';
import { fromOpenAIUsage } from './openai-usage.js';
import type { OpenAIStreamChunk } from './openai-wire.js';
import { TokenTimeline } from './token-timeline.js';

/** What a scan of a streamed body yields: no content, only what a step record needs. */
export interface StreamScanResult {
  model: string | null;
  usage: TokenUsage | null;
  finishReason: string | null;
  timeline: TokenTimeline;
}

/** Watches the bytes of a model stream that someone else (the user's SDK) is reading. */
export interface StreamScanner {
  feed(chunk: Uint8Array, atMs: number): void;
  end(): StreamScanResult;
}

/** Bytes up to the end of the last complete event (its blank line), as an SSE parser dispatches them. */
function eventsEnd(bytes: Buffer): number {
  const lf = bytes.lastIndexOf('\n\n');
  const crlf = bytes.lastIndexOf('\n\r\n');
  return Math.max(lf === -1 ? 0 : lf + 2, crlf === -1 ? 0 : crlf + 3);
}

/**
 * Counts output-bearing events and finds summary events (usage, finish) in
 * the raw stream with one regular expression pass per network chunk over
 * its latin1 view (one char per byte, so match offsets are byte offsets),
 * instead of decoding and JSON-parsing every event: parsing each event
 * costs about as much CPU as the plain streamed call itself (see
 * bench/fetch-instrumented.ts). Only the one or two summary lines of a
 * stream are decoded as UTF-8 and parsed. Lines split across network chunks
 * are carried over until their event's blank line, when an SSE parser would dispatch them. JSON strings escape their quotes, so text inside
 * a value cannot fake a key pattern.
 *
 * The pattern's first capture group marks a summary match; any other match
 * is one output-bearing event.
 */
class ByteScanner {
  private tail: Buffer | null = null;
  private readonly pattern: RegExp;
  private readonly onSummary: (json: string) => void;
  readonly timeline: TokenTimeline;

  constructor(sentAtMs: number, pattern: RegExp, onSummary: (json: string) => void) {
    this.timeline = new TokenTimeline(sentAtMs);
    // Shared global-flag expressions: scan() is synchronous and resets lastIndex first.
    this.pattern = pattern;
    this.onSummary = onSummary;
  }

  feed(chunk: Uint8Array, atMs: number): void {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.tail !== null) bytes = Buffer.concat([this.tail, bytes]);
    const complete = eventsEnd(bytes);
    this.tail = complete < bytes.length ? Buffer.from(bytes.subarray(complete)) : null;
    if (complete > 0) this.scan(bytes, complete, atMs);
  }

  end(atMs: number): void {
    if (this.tail === null) return;
    const bytes = Buffer.concat([this.tail, Buffer.from('\n\n')]);
    this.tail = null;
    this.scan(bytes, bytes.length, atMs);
  }

  private scan(bytes: Buffer, length: number, atMs: number): void {
    const text = bytes.toString('latin1', 0, length);
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[1] === undefined) {
        this.timeline.mark(atMs);
        continue;
      }
      const lineStart = text.lastIndexOf('data:', match.index);
      const lineEnd = text.indexOf('\n', match.index);
      // A line holding two summary keys is parsed twice, which is harmless; skipping the rest of the line could miss its content.
      if (lineStart !== -1) this.onSummary(bytes.toString('utf8', lineStart + 5, lineEnd).trim());
    }
  }
}

/** Non-empty content or reasoning, or a tool-call delta; group 1: usage or a finish reason. */
const OPENAI_EVENTS =
  /("usage"\s*:\s*\{|"finish_reason"\s*:\s*")|"(?:reasoning_)?content"\s*:\s*"[^"]|"reasoning"\s*:\s*"[^"]|"tool_calls"\s*:\s*\[\s*\{/g;

/** Scans an OpenAI chat completion stream. */
export function openAIStreamScanner(sentAtMs: number): StreamScanner {
  let model: string | null = null;
  let usage: TokenUsage | null = null;
  let finishReason: string | null = null;
  const scanner = new ByteScanner(sentAtMs, OPENAI_EVENTS, (json) => {
    const chunk = JSON.parse(json) as OpenAIStreamChunk;
    if (chunk.model) model = chunk.model;
    usage = fromOpenAIUsage(chunk.usage) ?? usage;
    finishReason = chunk.choices?.[0]?.finish_reason ?? finishReason;
  });
  let lastAtMs = sentAtMs;
  return {
    feed(chunk, atMs) {
      lastAtMs = atMs;
      scanner.feed(chunk, atMs);
    },
    end() {
      scanner.end(lastAtMs);
      return { model, usage, finishReason, timeline: scanner.timeline };
    },
  };
}

/** Non-empty text, thinking or tool input, or a tool_use block start; group 1: message_start or message_delta. */
const ANTHROPIC_EVENTS =
  /("type"\s*:\s*"message_(?:start|delta)")|"(?:text|thinking|partial_json)"\s*:\s*"[^"]|"type"\s*:\s*"tool_use"/g;

/** Scans an Anthropic Messages stream; message_delta usage replaces, as in the adapter. */
export function anthropicStreamScanner(sentAtMs: number): StreamScanner {
  const usage = new AnthropicUsageTracker();
  let model: string | null = null;
  let stopReason: string | null = null;
  const scanner = new ByteScanner(sentAtMs, ANTHROPIC_EVENTS, (json) => {
    const parsed = JSON.parse(json) as {
      message?: { model?: string; usage?: AnthropicUsage };
      delta?: { stop_reason?: string | null };
      usage?: AnthropicUsage;
    };
    if (parsed.message?.model) model = parsed.message.model;
    usage.update(parsed.message?.usage ?? parsed.usage);
    if (parsed.delta?.stop_reason) stopReason = parsed.delta.stop_reason;
  });
  let lastAtMs = sentAtMs;
  return {
    feed(chunk, atMs) {
      lastAtMs = atMs;
      scanner.feed(chunk, atMs);
    },
    end() {
      scanner.end(lastAtMs);
      return {
        model,
        usage: usage.reported ? usage.usage() : null,
        finishReason: stopReason === null ? null : toFinishReason(stopReason),
        timeline: scanner.timeline,
      };
    },
  };
}
