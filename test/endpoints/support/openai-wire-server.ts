import type { ServerResponse } from 'node:http';
import { sendJson, type SeenRequest, writeChunks } from './loopback-server.js';
import type { ScriptedReply } from './scripted-reply.js';

/** Answers a chat completion request with the reply, in the OpenAI wire format (streamed when asked). */
export async function answerOpenAI(
  reply: ScriptedReply,
  seen: SeenRequest,
  response: ServerResponse,
): Promise<void> {
  if (reply.errorStatus !== undefined) {
    sendJson(response, reply.errorStatus, { error: { message: 'scripted failure' } });
    return;
  }
  const usage = {
    prompt_tokens: reply.usage.inputTokens,
    completion_tokens: reply.usage.outputTokens,
    prompt_tokens_details: { cached_tokens: reply.usage.cachedInputTokens },
  };
  const calls = reply.toolCalls ?? [];
  if (JSON.parse(seen.body).stream !== true) {
    sendJson(response, 200, {
      model: 'scripted',
      choices: [
        {
          message: {
            role: 'assistant',
            content: reply.text.join(''),
            tool_calls: calls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: call.argumentChunks.join('') },
            })),
          },
          finish_reason: reply.finish,
        },
      ],
      usage,
    });
    return;
  }
  const chunk = (delta: unknown, finish: string | null = null): string =>
    `data: ${JSON.stringify({ model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const events = [chunk({ role: 'assistant', content: '' })];
  for (const text of reply.text) events.push(chunk({ content: text }));
  calls.forEach((call, index) => {
    events.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const piece of call.argumentChunks)
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, reply.finish));
  events.push(`data: ${JSON.stringify({ model: 'scripted', choices: [], usage })}\n\n`, 'data: [DONE]\n\n');
  await writeChunks(response, events);
}
