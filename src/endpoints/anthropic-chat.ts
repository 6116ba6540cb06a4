import { ApiCallError } from '../errors.js';
import { bodyExcerpt } from './api-errors.js';
import type { CallOptions, ChatRequest, ChatResult, ToolCall } from '../spec/index.js';
import { toAnthropicBody, toFinishReason } from './anthropic-messages.js';
import { AnthropicStreamAccumulator, AnthropicStreamError } from './anthropic-stream.js';
import { type AnthropicUsage, AnthropicUsageTracker } from './anthropic-usage.js';
import { estimateTokens, promptCharacters } from './estimate-tokens.js';
import type { HttpClient } from './http-client.js';
import { readSse } from './sse-reader.js';

interface AnthropicResponse {
  model?: string;
  content?: Array<{ type: string; text?: string; id?: string; name?: string; input?: unknown }>;
  stop_reason?: string | null;
  usage?: AnthropicUsage;
}

/** Error event types Anthropic documents as transient. */
const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error']);

/** One call to POST /v1/messages, streamed unless request.stream is false. */
export function anthropicChat(
  client: HttpClient,
  model: string,
  request: ChatRequest,
  options: CallOptions,
): Promise<ChatResult> {
  const stream = request.stream !== false;
  const body = toAnthropicBody(model, request, stream);
  return client.post('/v1/messages', body, options, async (response) => {
    if (!stream)
      return fromMessage((await response.body.json()) as AnthropicResponse, request, response.sentAtMs);
    const accumulator = new AnthropicStreamAccumulator(response.sentAtMs);
    try {
      await readSse(response.body, options.clock, (event, atMs) => accumulator.onEvent(event, atMs));
    } catch (error) {
      if (!(error instanceof AnthropicStreamError)) throw error;
      throw new ApiCallError({
        endpoint: client.endpoint,
        url: client.urlOf('/v1/messages'),
        status: response.status,
        bodyExcerpt: bodyExcerpt(error.message),
        message: `endpoint "${client.endpoint}" sent an error event mid-stream: ${bodyExcerpt(error.message)}`,
        retryable: RETRYABLE_STREAM_ERRORS.has(error.type),
      });
    }
    return accumulator.result(promptCharacters(request));
  });
}

function fromMessage(message: AnthropicResponse, request: ChatRequest, sentAtMs: number): ChatResult {
  let content = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content ?? []) {
    if (block.type === 'text') content += block.text ?? '';
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `call_${toolCalls.length}`,
        name: block.name ?? '',
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  const tracker = new AnthropicUsageTracker();
  tracker.update(message.usage);
  let outputCharacters = content.length;
  for (const call of toolCalls) outputCharacters += call.name.length + call.arguments.length;
  return {
    content,
    toolCalls,
    finishReason: toFinishReason(message.stop_reason),
    usage: tracker.reported
      ? tracker.usage()
      : {
          inputTokens: estimateTokens(promptCharacters(request)),
          cachedInputTokens: 0,
          outputTokens: estimateTokens(outputCharacters),
          reasoningTokens: 0,
        },
    usageReported: tracker.reported,
    timing: { sentAtMs, firstTokenAtMs: null, lastTokenAtMs: null, interTokenGapsMs: [] },
    model: message.model ?? '',
  };
}
