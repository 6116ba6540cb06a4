import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import {
  fromOpenAIUsage,
  fromResponsesUsage,
  responsesFinishReason,
} from '../../src/endpoints/openai-usage.js';
import {
  anthropicStreamScanner,
  openAIStreamScanner,
  responsesStreamScanner,
} from '../../src/endpoints/stream-scan.js';

/** What a full SSE parse of a stream says a step record needs. */
interface Expected {
  firstAt: number | null;
  lastAt: number | null;
  outputEvents: number;
  usage: unknown;
  finishReason: string | null;
  model: string | null;
  error: string | null;
}

/** The reference: eventsource-parser on the same chunks (decoded as a UTF-8 stream), every event JSON-parsed. */
function referenceOpenAI(chunks: Uint8Array[]): Expected {
  const expected: Expected = {
    firstAt: null,
    lastAt: null,
    outputEvents: 0,
    usage: null,
    finishReason: null,
    model: null,
    error: null,
  };
  let at = 0;
  let usage: unknown;
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      const chunk = JSON.parse(event.data);
      if (chunk.error) {
        expected.error ??= chunk.error.message;
        return;
      }
      if (chunk.model) expected.model = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) expected.finishReason = choice.finish_reason;
      const delta = choice?.delta ?? {};
      const bearing =
        (typeof delta.content === 'string' && delta.content !== '') ||
        (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') ||
        (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0);
      if (bearing) {
        expected.outputEvents += 1;
        expected.firstAt ??= at;
        expected.lastAt = at;
      }
    },
  });
  const decoder = new TextDecoder();
  chunks.forEach((chunk, index) => {
    at = index + 1;
    parser.feed(decoder.decode(chunk, { stream: true }));
  });
  at = chunks.length;
  parser.feed(`${decoder.decode()}\n\n`);
  expected.usage = fromOpenAIUsage(usage as never) ?? null;
  return expected;
}

function scanOpenAI(chunks: Uint8Array[]): Expected {
  const scanner = openAIStreamScanner(0);
  for (const [index, chunk] of chunks.entries()) scanner.feed(chunk, index + 1);
  const result = scanner.end();
  const timing = result.timeline.finish(null);
  return {
    firstAt: timing.firstTokenAtMs,
    lastAt: timing.lastTokenAtMs,
    outputEvents: timing.firstTokenAtMs === null ? 0 : timing.interTokenGapsMs.length + 1,
    usage: result.usage,
    finishReason: result.finishReason,
    model: result.model,
    error: result.error,
  };
}

const event = (data: unknown, newline = '\n') => `data: ${JSON.stringify(data)}${newline}${newline}`;
const delta = (content: string, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  model: 'm-1',
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
  ...extra,
});

function openAIStream(newline: string): string {
  return [
    `: keep-alive${newline}${newline}`,
    event(delta('héllo '), newline),
    event(delta('世界 🎉'), newline),
    `: ping${newline}${newline}`,
    event(delta(''), newline),
    event(
      {
        id: 'c1',
        model: 'm-1',
        choices: [
          {
            index: 0,
            delta: {
              tool_calls: [{ index: 0, id: 't', function: { name: 'f', arguments: '{"q":"data: x"}' } }],
            },
          },
        ],
      },
      newline,
    ),
    // "data:" inside a value on the same line as usage and finish_reason (the scanner once lost the call here).
    event(
      {
        id: 'c1',
        model: 'm-1',
        choices: [{ index: 0, delta: { content: 'metadata: see data:below' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
      },
      newline,
    ),
    `data: [DONE]${newline}${newline}`,
  ].join('');
}

/** Every split of the stream into two chunks, plus one byte per chunk. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const all: Uint8Array[][] = [];
  for (let at = 1; at < bytes.length; at++) all.push([bytes.subarray(0, at), bytes.subarray(at)]);
  all.push(Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)));
  return all;
}

describe('the fast stream scanner agrees with eventsource-parser at every byte split', () => {
  for (const [name, newline] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`OpenAI chat stream, ${name} lines, comments, multi-byte UTF-8, "data:" inside values`, () => {
      const bytes = new TextEncoder().encode(openAIStream(newline));
      const whole = referenceOpenAI([bytes]);
      expect(whole.outputEvents).toBe(4);
      expect(whole.usage).not.toBeNull();
      for (const chunks of splits(bytes)) expect(scanOpenAI(chunks)).toEqual(referenceOpenAI(chunks));
    });
  }

  it('an error event in the middle of an OpenAI stream is an error', () => {
    const text = [
      event(delta('partial')),
      event({ error: { message: 'upstream overloaded', type: 'server_error' } }),
      'data: [DONE]\n\n',
    ].join('');
    const bytes = new TextEncoder().encode(text);
    for (const chunks of splits(bytes)) {
      // No summary line names the model here; the scanner leaves it to the request body.
      const scanned = scanOpenAI(chunks);
      expect({ ...scanned, model: null }).toEqual({ ...referenceOpenAI(chunks), model: null });
      expect(scanned.error).toBe('upstream overloaded');
    }
  });

  it('an Anthropic `event: error` is an error', () => {
    const text = [
      'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-x","usage":{"input_tokens":5,"output_tokens":1}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\n\n',
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    ].join('');
    const bytes = new TextEncoder().encode(text);
    for (const chunks of splits(bytes)) {
      const scanner = anthropicStreamScanner(0);
      for (const [index, chunk] of chunks.entries()) scanner.feed(chunk, index + 1);
      const result = scanner.end();
      expect(result.error).toBe('Overloaded');
      expect(result.model).toBe('claude-x');
    }
  });

  it('OpenAI Responses API stream (event names, deltas whose text looks like events, usage at completion), LF and CRLF', () => {
    for (const newline of ['\n', '\r\n']) {
      const named = (type: string, data: Record<string, unknown>) =>
        `event: ${type}${newline}data: ${JSON.stringify({ type, ...data })}${newline}${newline}`;
      const response = { id: 'r', object: 'response', model: 'gpt-x', output: [] as unknown[] };
      const text = [
        `: keep-alive${newline}${newline}`,
        named('response.created', { response: { ...response, status: 'in_progress', usage: null } }),
        named('response.output_text.delta', { item_id: 'm', delta: 'héllo 世界 🎉' }),
        named('response.output_text.delta', { item_id: 'm', delta: '' }),
        named('response.output_text.delta', { item_id: 'm', delta: 'data: "type":"response.completed" x' }),
        named('response.function_call_arguments.delta', { item_id: 'f', delta: '{"q":1}' }),
        named('response.output_text.done', { item_id: 'm', text: 'héllo' }),
        named('response.completed', {
          response: {
            ...response,
            status: 'completed',
            output: [{ type: 'function_call', arguments: '{"q":1}' }],
            usage: { input_tokens: 9, input_tokens_details: { cached_tokens: 2 }, output_tokens: 5 },
          },
        }),
      ].join('');
      const reference = (chunks: Uint8Array[]): Expected => {
        const expected: Expected = {
          firstAt: null,
          lastAt: null,
          outputEvents: 0,
          usage: null,
          finishReason: null,
          model: null,
          error: null,
        };
        let at = 0;
        const parser = createParser({
          onEvent(event) {
            const data = JSON.parse(event.data);
            if (data.type === 'error') expected.error ??= data.message;
            if (data.response?.model) expected.model = data.response.model;
            if (data.response?.usage) expected.usage = fromResponsesUsage(data.response.usage);
            if (data.type === 'response.completed')
              expected.finishReason = responsesFinishReason(data.response);
            if (typeof data.delta === 'string' && data.delta !== '') {
              expected.outputEvents += 1;
              expected.firstAt ??= at;
              expected.lastAt = at;
            }
          },
        });
        const decoder = new TextDecoder();
        chunks.forEach((chunk, index) => {
          at = index + 1;
          parser.feed(decoder.decode(chunk, { stream: true }));
        });
        at = chunks.length;
        parser.feed(`${decoder.decode()}\n\n`);
        return expected;
      };
      const scan = (chunks: Uint8Array[]): Expected => {
        const scanner = responsesStreamScanner(0);
        for (const [index, chunk] of chunks.entries()) scanner.feed(chunk, index + 1);
        const result = scanner.end();
        const timing = result.timeline.finish(null);
        return {
          firstAt: timing.firstTokenAtMs,
          lastAt: timing.lastTokenAtMs,
          outputEvents: timing.firstTokenAtMs === null ? 0 : timing.interTokenGapsMs.length + 1,
          usage: result.usage,
          finishReason: result.finishReason,
          model: result.model,
          error: result.error,
        };
      };
      const bytes = new TextEncoder().encode(text);
      const whole = reference([bytes]);
      expect(whole).toMatchObject({ outputEvents: 3, finishReason: 'tool_calls', model: 'gpt-x' });
      expect(whole.usage).toEqual({
        inputTokens: 9,
        cachedInputTokens: 2,
        outputTokens: 5,
        reasoningTokens: 0,
      });
      for (const chunks of splits(bytes)) expect(scan(chunks)).toEqual(reference(chunks));
    }
  });
});
