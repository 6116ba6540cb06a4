import type { TokenUsage } from '../spec/index.js';
import type { OpenAIUsage } from './openai-wire.js';

/** OpenAI usage to spec usage; null when the server sent none. */
export function fromOpenAIUsage(usage: OpenAIUsage | null | undefined): TokenUsage | null {
  if (usage === null || usage === undefined || typeof usage.prompt_tokens !== 'number') return null;
  return {
    inputTokens: usage.prompt_tokens,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
