import type { CallOptions, ChatRequest, ChatResult } from '../spec/index.js';
import type { HttpClient } from './http-client.js';
import { toOpenAIChatBody } from './openai-messages.js';
import { OpenAIStreamAccumulator, StreamErrorEvent } from './openai-stream.js';
import { bodyExcerpt } from './api-errors.js';
import { ApiCallError } from '../errors.js';
import { fromOpenAIUsage } from './openai-usage.js';
import type { OpenAICompletion } from './openai-wire.js';
import { readSse } from './sse-reader.js';
import { estimateTokens, promptCharacters } from './estimate-tokens.js';

/**
 * One chat completion against an OpenAI-compatible server, streamed unless
 * request.stream is false. `simulated` adds the simulator's reference fields.
 */
export function openAIChat(
  client: HttpClient,
  simulated: boolean,
  model: string,
  request: ChatRequest,
  options: CallOptions,
): Promise<ChatResult> {
  const stream = request.stream !== false;
  const body = toOpenAIChatBody(model, request, stream, simulated);
  if (!stream) {
    return client.post('/chat/completions', body, options, async (response) => {
      const completion = (await response.body.json()) as OpenAICompletion;
      return fromCompletion(completion, request, response.sentAtMs);
    });
  }
  return client.post('/chat/completions', body, options, async (response) => {
    const accumulator = new OpenAIStreamAccumulator(response.sentAtMs);
    try {
      await readSse(response.body, options.clock, (event, atMs) => accumulator.onEvent(event, atMs));
    } catch (error) {
      if (!(error instanceof StreamErrorEvent)) throw error;
      throw new ApiCallError({
        endpoint: client.endpoint,
        url: client.urlOf('/chat/completions'),
        status: response.status,
        bodyExcerpt: bodyExcerpt(error.message),
        message: `endpoint "${client.endpoint}" sent an error mid-stream: ${bodyExcerpt(error.message)}`,
      });
    }
    return accumulator.result(promptCharacters(request));
  });
}

function fromCompletion(completion: OpenAICompletion, request: ChatRequest, sentAtMs: number): ChatResult {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const content = message?.content ?? '';
  const toolCalls = (message?.tool_calls ?? []).map((call, position) => ({
    id: call.id ?? `call_${position}`,
    name: call.function?.name ?? '',
    arguments: call.function?.arguments ?? '',
  }));
  const reported = fromOpenAIUsage(completion.usage);
  let outputCharacters = content.length + (message?.reasoning_content?.length ?? 0);
  for (const call of toolCalls) outputCharacters += call.name.length + call.arguments.length;
  return {
    content,
    toolCalls,
    finishReason: choice?.finish_reason ?? 'stop',
    usage: reported ?? {
      inputTokens: estimateTokens(promptCharacters(request)),
      cachedInputTokens: 0,
      outputTokens: estimateTokens(outputCharacters),
      reasoningTokens: 0,
    },
    usageReported: reported !== null,
    timing: { sentAtMs, firstTokenAtMs: null, lastTokenAtMs: null, interTokenGapsMs: [] },
    model: completion.model ?? '',
  };
}
