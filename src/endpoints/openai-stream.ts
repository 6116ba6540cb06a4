import type { EventSourceMessage } from 'eventsource-parser';
import type { ChatResult, TokenUsage } from '../spec/index.js';
import { estimateTokens } from './estimate-tokens.js';
import { fromOpenAIUsage } from './openai-usage.js';
import type { OpenAIStreamChunk } from './openai-wire.js';
import { TokenTimeline } from './token-timeline.js';
import { ToolCallAccumulator } from './tool-call-accumulator.js';

/** Thrown when the stream carries an error object instead of a chunk. */
export class StreamErrorEvent extends Error {
  override readonly name = 'StreamErrorEvent';
}

/**
 * Folds OpenAI chat completion chunks into a ChatResult. Handles the
 * usage-only final chunk (empty choices) that stream_options.include_usage
 * produces, `data: [DONE]`, and servers that send no usage at all.
 */
export class OpenAIStreamAccumulator {
  private content = '';
  private reasoningCharacters = 0;
  private readonly toolCalls = new ToolCallAccumulator();
  private readonly timeline: TokenTimeline;
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;
  private model = '';
  done = false;

  constructor(sentAtMs: number) {
    this.timeline = new TokenTimeline(sentAtMs);
  }

  /** Applies one SSE event received at atMs. */
  onEvent(event: EventSourceMessage, atMs: number): void {
    const data = event.data;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    if (data === '') return;
    const chunk = JSON.parse(data) as OpenAIStreamChunk;
    if (chunk.error) throw new StreamErrorEvent(chunk.error.message ?? JSON.stringify(chunk.error));
    if (chunk.model) this.model = chunk.model;
    const usage = fromOpenAIUsage(chunk.usage);
    if (usage !== null) this.usage = usage;
    const choice = chunk.choices?.[0];
    if (choice === undefined) return;
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (delta === undefined) return;
    let carriedOutput = false;
    if (delta.content) {
      this.content += delta.content;
      carriedOutput = true;
    }
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (reasoning) {
      this.reasoningCharacters += reasoning.length;
      carriedOutput = true;
    }
    if (delta.tool_calls) {
      for (const call of delta.tool_calls) {
        this.toolCalls.add(call.index, call.id, call.function?.name, call.function?.arguments);
      }
      if (delta.tool_calls.length > 0) carriedOutput = true;
    }
    if (carriedOutput) this.timeline.mark(atMs);
  }

  /** The result; estimates usage (chars / 4) when the server reported none. */
  result(promptCharacters: number): ChatResult {
    const toolCalls = this.toolCalls.result();
    let usage = this.usage;
    const usageReported = usage !== null;
    if (usage === null) {
      let outputCharacters = this.content.length + this.reasoningCharacters;
      for (const call of toolCalls) outputCharacters += call.name.length + call.arguments.length;
      usage = {
        inputTokens: estimateTokens(promptCharacters),
        cachedInputTokens: 0,
        outputTokens: estimateTokens(outputCharacters),
        reasoningTokens: 0,
      };
    }
    return {
      content: this.content,
      toolCalls,
      finishReason: this.finishReason ?? (this.done ? 'stop' : 'error'),
      usage,
      usageReported,
      timing: this.timeline.finish(usageReported ? usage.outputTokens : null),
      model: this.model,
    };
  }
}
