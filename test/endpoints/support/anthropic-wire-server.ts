import type { ServerResponse } from 'node:http';
import { sendJson, type SeenRequest, writeChunks } from './loopback-server.js';
import type { ScriptedReply } from './scripted-reply.js';

const STOP_REASONS = { stop: 'end_turn', tool_calls: 'tool_use', length: 'max_tokens' } as const;

/** Answers a Messages request with the reply, in the Anthropic wire format (streamed when asked). */
export async function answerAnthropic(
  reply: ScriptedReply,
  seen: SeenRequest,
  response: ServerResponse,
): Promise<void> {
  if (reply.errorStatus !== undefined) {
    sendJson(response, reply.errorStatus, {
      type: 'error',
      error: { type: 'api_error', message: 'scripted failure' },
    });
    return;
  }
  const calls = reply.toolCalls ?? [];
  const { inputTokens, cachedInputTokens, outputTokens } = reply.usage;
  const startUsage = {
    input_tokens: inputTokens - cachedInputTokens,
    cache_read_input_tokens: cachedInputTokens,
  };
  if (JSON.parse(seen.body).stream !== true) {
    sendJson(response, 200, {
      model: 'scripted',
      content: [
        { type: 'text', text: reply.text.join('') },
        ...calls.map((call) => ({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: JSON.parse(call.argumentChunks.join('')),
        })),
      ],
      stop_reason: STOP_REASONS[reply.finish],
      usage: { ...startUsage, output_tokens: outputTokens },
    });
    return;
  }
  const event = (type: string, data: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    event('message_start', { message: { model: 'scripted', usage: { ...startUsage, output_tokens: 1 } } }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...reply.text.map((text) =>
      event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
    ),
    event('content_block_stop', { index: 0 }),
  ];
  calls.forEach((call, position) => {
    const index = position + 1;
    events.push(
      event('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      }),
      ...call.argumentChunks.map((partial_json) =>
        event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } }),
      ),
      event('content_block_stop', { index }),
    );
  });
  events.push(
    event('message_delta', {
      delta: { stop_reason: STOP_REASONS[reply.finish] },
      usage: { output_tokens: outputTokens },
    }),
    event('message_stop', {}),
  );
  await writeChunks(response, events);
}
