import type { TokenUsage } from '../spec/index.js';

/** Usage fields as Anthropic sends them (message_start, message_delta, non-streamed message). */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/**
 * Running usage of one message. Anthropic's counts are cumulative: each
 * message_delta's usage REPLACES the fields it carries, it does not add.
 */
export class AnthropicUsageTracker {
  private input = 0;
  private cacheRead = 0;
  private cacheCreation = 0;
  private output = 0;
  reported = false;

  /** Applies a usage object; fields it carries replace the previous values. */
  update(usage: AnthropicUsage | null | undefined): void {
    if (usage === null || usage === undefined) return;
    if (typeof usage.input_tokens === 'number') {
      this.input = usage.input_tokens;
      this.reported = true;
    }
    if (typeof usage.cache_read_input_tokens === 'number') this.cacheRead = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === 'number')
      this.cacheCreation = usage.cache_creation_input_tokens;
    if (typeof usage.output_tokens === 'number') {
      this.output = usage.output_tokens;
      this.reported = true;
    }
  }

  /** In the spec's terms: inputTokens counts uncached, cache-read and cache-creation tokens. */
  usage(): TokenUsage {
    return {
      inputTokens: this.input + this.cacheRead + this.cacheCreation,
      cachedInputTokens: this.cacheRead,
      outputTokens: this.output,
      reasoningTokens: 0,
    };
  }
}
