import type { ServerResponse } from 'node:http';
import type { ReferenceTrajectory } from '../../spec/index.js';
import { decideReply } from '../behaviour.js';
import { ChatDeployment } from '../deployment.js';
import { extendPrompt, shapePrompt } from '../prompt.js';
import { seedFrom } from '../random.js';
import type { WireMessage } from '../wire.js';
import { fromAnthropic } from './anthropic-wire.js';
import type { ChatRouteContext } from './chat-route.js';
import { outputTokens } from './chat-output.js';
import { coalescedWriter, endStream, HttpProblem, sendJson, openResponse } from './respond.js';

function anthropicError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { type: 'error', error: { type, message } }, headers);
}

/** POST /v1/messages: the Anthropic Messages API, streamed (its event sequence) or not. */
export async function handleMessages(
  body: Record<string, unknown>,
  response: ServerResponse,
  context: ChatRouteContext,
): Promise<void> {
  const deployment = context.deployments.get(String(body.model));
  if (!deployment) return anthropicError(response, 404, 'not_found_error', `model: ${String(body.model)}`);
  if (!(deployment instanceof ChatDeployment))
    throw new HttpProblem(400, `model ${String(body.model)} is not a chat model`);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return anthropicError(response, 400, 'invalid_request_error', 'messages: must be a non-empty array');
  }
  const { messages, tools, toolChoice } = fromAnthropic(body);
  const stream = body.stream === true;
  const prompt = shapePrompt(messages, tools);
  const decision = decideReply({
    messages,
    tools,
    toolChoice,
    reference: body.agentperf_reference as ReferenceTrajectory | undefined,
    behaviour: deployment.config.behaviour!,
    seed: seedFrom(typeof body.seed === 'number' ? body.seed : context.seed, prompt.digest),
  });
  const reply = decision.reply;
  const reasoning = decision.reasoningTokens;
  let visible = outputTokens(reply);
  const cap = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : undefined;
  const truncated = cap !== undefined && reasoning + visible.length > cap;
  if (truncated) visible = visible.slice(0, Math.max(0, cap - reasoning));
  const total = Math.max(1, Math.min(cap ?? Number.POSITIVE_INFINITY, reasoning + visible.length));
  const fault = deployment.faults.plan(total, false);
  if (fault.rateLimitedRetryAfterS !== null) {
    return anthropicError(response, 429, 'rate_limit_error', 'rate limit reached (simulated)', {
      'retry-after': String(fault.rateLimitedRetryAfterS),
    });
  }
  if (fault.serverError)
    return anthropicError(response, 500, 'api_error', 'internal server error (simulated fault)');

  const id = `msg_${prompt.digest.slice(0, 24)}`;
  const model = deployment.config.name;
  const calls = reply.kind === 'tools' ? reply.calls : [];
  const callIds = calls.map((_, index) => `toolu_${prompt.digest.slice(24, 40)}${index}`);
  const stopReason = truncated ? 'max_tokens' : reply.kind === 'tools' ? 'tool_use' : 'end_turn';
  const replyMessage: WireMessage = {
    role: 'assistant',
    content: reply.kind === 'text' ? reply.text : null,
    ...(calls.length > 0
      ? { tool_calls: calls.map((call, index) => ({ id: callIds[index], type: 'function', function: call })) }
      : {}),
  };
  let cachedTokens = 0;
  const usage = (outputTokensSoFar: number) => ({
    input_tokens: prompt.tokens - cachedTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cachedTokens,
    output_tokens: outputTokensSoFar,
  });
  const send = coalescedWriter(response);
  const event = (name: string, data: unknown) => {
    if (!response.destroyed) send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let openBlock = -1;
  let finished = false;

  if (!(await openResponse(response, stream, deployment.config.placement.rttMs))) return;
  let submitted: ReturnType<ChatDeployment['submit']>;
  try {
    submitted = deployment.submit({
      promptTokens: prompt.tokens,
      promptBoundaries: prompt.boundaries,
      completionBoundaries: [extendPrompt(prompt, replyMessage, total)],
      outputTokens: total,
      onAdmit(cached) {
        cachedTokens = cached;
        if (stream) {
          event('message_start', {
            type: 'message_start',
            message: {
              id,
              type: 'message',
              role: 'assistant',
              model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: usage(1),
            },
          });
        }
      },
      onToken(index) {
        const token = visible[index - reasoning];
        if (!stream || !token) return;
        const block = Math.max(0, token.call);
        if (block !== openBlock) {
          if (openBlock >= 0) event('content_block_stop', { type: 'content_block_stop', index: openBlock });
          openBlock = block;
          const contentBlock =
            token.call < 0
              ? { type: 'text', text: '' }
              : { type: 'tool_use', id: callIds[token.call], name: calls[token.call]!.name, input: {} };
          event('content_block_start', {
            type: 'content_block_start',
            index: block,
            content_block: contentBlock,
          });
        }
        if (token.opensCall) return;
        const delta =
          token.call < 0
            ? { type: 'text_delta', text: token.text }
            : { type: 'input_json_delta', partial_json: token.text };
        event('content_block_delta', { type: 'content_block_delta', index: block, delta });
      },
      onFinish() {
        finished = true;
        if (!stream) {
          const content =
            reply.kind === 'text'
              ? [{ type: 'text', text: visible.map((token) => token.text).join('') }]
              : calls.map((call, index) => ({
                  type: 'tool_use',
                  id: callIds[index],
                  name: call.name,
                  input: JSON.parse(call.arguments) as unknown,
                }));
          sendJson(response, 200, {
            id,
            type: 'message',
            role: 'assistant',
            model,
            content,
            stop_reason: stopReason,
            stop_sequence: null,
            usage: usage(total),
          });
          return;
        }
        if (openBlock >= 0) event('content_block_stop', { type: 'content_block_stop', index: openBlock });
        event('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: null },
          usage: { output_tokens: total },
        });
        event('message_stop', { type: 'message_stop' });
        endStream(response);
      },
    });
  } catch (error) {
    if (error instanceof RangeError) {
      if (stream) {
        event('error', { type: 'error', error: { type: 'invalid_request_error', message: error.message } });
        endStream(response);
        return;
      }
      return anthropicError(response, 400, 'invalid_request_error', error.message);
    }
    throw error;
  }
  response.on('close', () => {
    if (!finished) submitted.replica.cancel(submitted.sequence);
  });
}
