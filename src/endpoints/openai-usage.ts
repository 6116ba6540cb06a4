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

/** Usage as the OpenAI Responses API reports it (`response.usage`). */
export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** Responses API usage to spec usage (input counts cached tokens too, as prompt_tokens does); null when absent. */
export function fromResponsesUsage(usage: ResponsesUsage | null | undefined): TokenUsage | null {
  if (usage === null || usage === undefined || typeof usage.input_tokens !== 'number') return null;
  return {
    inputTokens: usage.input_tokens,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

/** The body of a Responses API response (the `response` of its stream events), as far as a step needs it. */
export interface ResponsesBody {
  model?: string;
  status?: string;
  usage?: ResponsesUsage | null;
  error?: { message?: string; code?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: Array<{ type?: string; content?: Array<{ text?: string }>; arguments?: string }>;
}

/** The chat finish reason of a Responses API response: stop, tool_calls, length, or its status. */
export function responsesFinishReason(response: ResponsesBody): string | null {
  if (response.status === 'completed')
    return response.output?.some((item) => item.type === 'function_call') ? 'tool_calls' : 'stop';
  if (response.status === 'incomplete')
    return response.incomplete_details?.reason === 'max_output_tokens' ? 'length' : 'incomplete';
  return response.status ?? null;
}
