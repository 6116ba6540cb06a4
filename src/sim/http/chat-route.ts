import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReferenceTrajectory } from '../../spec/index.js';
import { decideReply } from '../behaviour.js';
import { ChatDeployment, type Deployment } from '../deployment.js';
import { extendPrompt, shapePrompt } from '../prompt.js';
import { fillerText } from '../filler-text.js';
import { Random, seedFrom } from '../random.js';
import { splitIntoTokens } from '../tokens.js';
import type { WireMessage, WireTool, WireToolChoice } from '../wire.js';
import { deltaJson, outputTokens } from './chat-output.js';
import {
  coalescedWriter,
  endStream,
  HttpProblem,
  modelNotFound,
  sendError,
  sendJson,
  openResponse,
} from './respond.js';

export interface ChatRouteContext {
  deployments: Map<string, Deployment>;
  seed: number;
}

/** POST /v1/chat/completions: streamed (SSE) or not, with tools, usage and simulated faults. */
export async function handleChat(
  body: Record<string, unknown>,
  _request: IncomingMessage,
  response: ServerResponse,
  context: ChatRouteContext,
): Promise<void> {
  const deployment = context.deployments.get(String(body.model));
  if (!deployment) throw modelNotFound(body.model);
  if (!(deployment instanceof ChatDeployment))
    throw new HttpProblem(
      400,
      `model ${String(body.model)} is not a chat model`,
      'invalid_request_error',
      null,
      'model',
    );
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new HttpProblem(
      400,
      '`messages` must be a non-empty array',
      'invalid_request_error',
      null,
      'messages',
    );
  }
  const messages = body.messages as WireMessage[];
  const tools = Array.isArray(body.tools) ? (body.tools as WireTool[]) : undefined;
  const stream = body.stream === true;
  const includeUsage =
    (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const prompt = shapePrompt(messages, tools);
  const requestSeed = typeof body.seed === 'number' ? body.seed : context.seed;
  const decision = decideReply({
    messages,
    tools,
    toolChoice: body.tool_choice as WireToolChoice | undefined,
    reference: body.agentperf_reference as ReferenceTrajectory | undefined,
    behaviour: deployment.config.behaviour!,
    seed: seedFrom(requestSeed, prompt.digest),
  });
  const reply = decision.reply;
  let visible = outputTokens(reply);
  const reasoning = decision.reasoningTokens;
  const cap = [body.max_completion_tokens, body.max_tokens].find(
    (value): value is number => typeof value === 'number' && value > 0,
  );
  let truncated = false;
  // vLLM's ignore_eos: keep generating text up to max_tokens (what trace replays use to reproduce output lengths).
  if (
    body.ignore_eos === true &&
    cap !== undefined &&
    reply.kind === 'text' &&
    reasoning + visible.length < cap
  ) {
    const padding = splitIntoTokens(
      fillerText(cap - reasoning - visible.length, new Random(seedFrom(requestSeed, prompt.digest, 'eos'))),
    );
    visible = visible.concat(padding.map((text) => ({ call: -1, text, opensCall: false })));
  }
  if (cap !== undefined && reasoning + visible.length > cap) {
    visible = visible.slice(0, Math.max(0, cap - reasoning));
    truncated = true;
  }
  const total = Math.max(1, Math.min(cap ?? Number.POSITIVE_INFINITY, reasoning + visible.length));
  const fault = deployment.faults.plan(total, stream);
  if (fault.rateLimitedRetryAfterS !== null) {
    sendError(
      response,
      new HttpProblem(429, 'rate limit reached (simulated)', 'rate_limit_error', 'rate_limit_exceeded'),
      {
        'retry-after': String(fault.rateLimitedRetryAfterS),
      },
    );
    return;
  }
  if (fault.serverError)
    throw new HttpProblem(500, 'internal server error (simulated fault)', 'server_error');

  const id = `chatcmpl-${prompt.digest.slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = deployment.config.name;
  const calls = reply.kind === 'tools' ? reply.calls : [];
  const callIds = calls.map((_, index) => `call_${prompt.digest.slice(24, 40)}${index}`);
  const names = calls.map((call) => call.name);
  const finishReason = truncated ? 'length' : reply.kind === 'tools' ? 'tool_calls' : 'stop';
  const replyMessage: WireMessage = {
    role: 'assistant',
    content: reply.kind === 'text' ? reply.text : null,
    ...(calls.length > 0
      ? { tool_calls: calls.map((call, index) => ({ id: callIds[index], type: 'function', function: call })) }
      : {}),
  };
  let cachedTokens = 0;
  const usage = () => ({
    prompt_tokens: prompt.tokens,
    completion_tokens: total,
    total_tokens: prompt.tokens + total,
    prompt_tokens_details: { cached_tokens: cachedTokens },
    completion_tokens_details: { reasoning_tokens: Math.min(reasoning, total) },
  });

  const chunkHead = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
  let buffered: string[] | null = null;
  let closed = false;
  const send = coalescedWriter(response);
  const write = (text: string) => {
    if (closed) return;
    if (buffered) buffered.push(text);
    else send(text);
  };
  let firstVisible = true;
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
      },
      onToken(index) {
        if (!stream) return;
        const visibleIndex = index - reasoning;
        if (fault.malformedAtToken === index)
          write('data: {"id":"broken","choices":[{"delta":{"content":\n\n');
        if (fault.stallAtToken === index && !buffered) {
          buffered = [];
          setTimeout(() => {
            const pending = buffered ?? [];
            buffered = null;
            if (!closed) for (const text of pending) response.write(text);
            if (finished && !closed) endStream(response);
          }, fault.stallMs);
        }
        if (visibleIndex >= 0 && visibleIndex < visible.length) {
          write(
            `${chunkHead}${deltaJson(visible[visibleIndex]!, firstVisible, callIds, names)},"finish_reason":null}]}\n\n`,
          );
          firstVisible = false;
        }
        if (fault.resetAfterToken === index) {
          closed = true;
          submitted.replica.cancel(submitted.sequence);
          // What was written before the reset still leaves, as from a real server.
          response.uncork();
          response.socket?.destroy();
        }
      },
      onFinish() {
        finished = true;
        if (!stream) {
          sendJson(response, 200, {
            id,
            object: 'chat.completion',
            created,
            model,
            choices: [
              {
                index: 0,
                message: {
                  ...replyMessage,
                  content: reply.kind === 'text' ? visible.map((token) => token.text).join('') : null,
                },
                finish_reason: finishReason,
                logprobs: null,
              },
            ],
            usage: usage(),
          });
          return;
        }
        if (firstVisible) write(`${chunkHead}{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
        write(`${chunkHead}{},"finish_reason":"${finishReason}"}]}\n\n`);
        if (includeUsage) {
          write(
            `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[],"usage":${JSON.stringify(usage())}}\n\n`,
          );
        }
        write('data: [DONE]\n\n');
        if (!buffered && !closed) endStream(response);
      },
    });
  } catch (error) {
    if (error instanceof RangeError) {
      const problem = new HttpProblem(
        400,
        error.message,
        'invalid_request_error',
        'context_length_exceeded',
        'messages',
      );
      if (stream) {
        endStream(
          response,
          `data: ${JSON.stringify({ error: { message: problem.message, type: problem.type, code: problem.code } })}\n\n`,
        );
        return;
      }
      throw problem;
    }
    throw error;
  }
  const onClose = () => {
    if (!finished) {
      closed = true;
      submitted.replica.cancel(submitted.sequence);
    }
  };
  response.on('close', onClose);
}
