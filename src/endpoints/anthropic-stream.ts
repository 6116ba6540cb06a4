import type { EventSourceMessage } from 'eventsource-parser';
import type { ChatResult, ToolCall } from '../spec/index.js';
import { toFinishReason } from './anthropic-messages.js';
import { type AnthropicUsage, AnthropicUsageTracker } from './anthropic-usage.js';
import { estimateTokens } from './estimate-tokens.js';
import { TokenTimeline } from './token-timeline.js';

/** Thrown when the stream carries an `error` event (e.g. overloaded_error). */
export class AnthropicStreamError extends Error {
  override readonly name = 'AnthropicStreamError';
  readonly type: string;
  constructor(type: string, message: string) {
    super(`${type}: ${message}`);
    this.type = type;
  }
}

interface StreamEvent {
  type: string;
  index?: number;
  message?: { model?: string; usage?: AnthropicUsage };
  content_block?: { type: string; id?: string; name?: string; text?: string };
  delta?: {
    type?: string;
    text?: string;
    partial_json?: string;
    thinking?: string;
    stop_reason?: string | null;
  };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** Folds Anthropic Messages stream events into a ChatResult. */
export class AnthropicStreamAccumulator {
  private content = '';
  private thinkingCharacters = 0;
  private readonly toolCalls: ToolCall[] = [];
  private readonly toolByBlock = new Map<number, ToolCall>();
  private readonly usage = new AnthropicUsageTracker();
  private readonly timeline: TokenTimeline;
  private stopReason: string | null = null;
  private model = '';
  stopped = false;

  constructor(sentAtMs: number) {
    this.timeline = new TokenTimeline(sentAtMs);
  }

  /** Applies one SSE event received at atMs. The event type is read from the data (the `event:` line repeats it). */
  onEvent(event: EventSourceMessage, atMs: number): void {
    if (event.data === '') return;
    const data = JSON.parse(event.data) as StreamEvent;
    switch (data.type) {
      case 'message_start':
        this.model = data.message?.model ?? this.model;
        this.usage.update(data.message?.usage);
        break;
      case 'content_block_start': {
        const block = data.content_block;
        if (block?.type === 'tool_use') {
          const call: ToolCall = {
            id: block.id ?? `call_${this.toolCalls.length}`,
            name: block.name ?? '',
            arguments: '',
          };
          this.toolCalls.push(call);
          this.toolByBlock.set(data.index ?? -1, call);
          this.timeline.mark(atMs);
        } else if (block?.type === 'text' && block.text) {
          this.content += block.text;
          this.timeline.mark(atMs);
        }
        break;
      }
      case 'content_block_delta':
        this.onDelta(data, atMs);
        break;
      case 'message_delta':
        if (data.delta?.stop_reason !== undefined) this.stopReason = data.delta.stop_reason;
        this.usage.update(data.usage);
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      case 'error':
        throw new AnthropicStreamError(data.error?.type ?? 'error', data.error?.message ?? '');
      default:
        // ping, content_block_stop and event types added later carry nothing we measure.
        break;
    }
  }

  private onDelta(data: StreamEvent, atMs: number): void {
    const delta = data.delta;
    if (delta === undefined) return;
    if (delta.type === 'text_delta' && delta.text) {
      this.content += delta.text;
      this.timeline.mark(atMs);
    } else if (delta.type === 'input_json_delta' && delta.partial_json) {
      const call = this.toolByBlock.get(data.index ?? -1);
      if (call !== undefined) call.arguments += delta.partial_json;
      this.timeline.mark(atMs);
    } else if (delta.type === 'thinking_delta' && delta.thinking) {
      this.thinkingCharacters += delta.thinking.length;
      this.timeline.mark(atMs);
    }
  }

  /** The result; usage is estimated (chars / 4) when the stream reported none. */
  result(promptCharacters: number): ChatResult {
    const reported = this.usage.reported;
    let usage = this.usage.usage();
    if (!reported) {
      let outputCharacters = this.content.length + this.thinkingCharacters;
      for (const call of this.toolCalls) outputCharacters += call.name.length + call.arguments.length;
      usage = {
        inputTokens: estimateTokens(promptCharacters),
        cachedInputTokens: 0,
        outputTokens: estimateTokens(outputCharacters),
        reasoningTokens: 0,
      };
    }
    return {
      content: this.content,
      toolCalls: this.toolCalls,
      finishReason: toFinishReason(this.stopReason),
      usage,
      usageReported: reported,
      timing: this.timeline.finish(reported ? usage.outputTokens : null),
      model: this.model,
    };
  }
}
