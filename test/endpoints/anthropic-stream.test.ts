import { describe, expect, it } from 'vitest';
import { toAnthropicMessages } from '../../src/endpoints/anthropic-messages.js';
import { AnthropicStreamAccumulator, AnthropicStreamError } from '../../src/endpoints/anthropic-stream.js';
import { readSse } from '../../src/endpoints/sse-reader.js';
import { anthropicOverloaded, anthropicToolStream } from './support/anthropic-fixtures.js';
import { splitEvery } from './support/openai-fixtures.js';
import { chunksAt, TestClock } from './support/test-clock.js';

async function accumulate(text: string, size: number) {
  const clock = new TestClock();
  const accumulator = new AnthropicStreamAccumulator(0);
  const pieces = splitEvery(text, size).map((piece, position): [number, string] => [position + 1, piece]);
  await readSse(chunksAt(clock, pieces), clock, (event, atMs) => accumulator.onEvent(event, atMs));
  return accumulator.result(0);
}

describe('Anthropic stream parsing', () => {
  it('assembles text and tool_use input from deltas, whatever the chunk boundaries', async () => {
    for (const size of [3, 50, anthropicToolStream.length]) {
      const result = await accumulate(anthropicToolStream, size);
      expect(result.content).toBe('Let me check.');
      expect(result.toolCalls).toEqual([
        { id: 'toolu_1', name: 'get_weather', arguments: '{"city": "Paris"}' },
      ]);
      expect(result.finishReason).toBe('tool_calls');
      expect(result.model).toBe('claude-test');
    }
  });

  it('replaces output tokens with each message_delta and counts cache reads and writes as input', async () => {
    const result = await accumulate(anthropicToolStream, 4096);
    expect(result.usageReported).toBe(true);
    expect(result.usage).toEqual({
      inputTokens: 115,
      cachedInputTokens: 100,
      outputTokens: 9,
      reasoningTokens: 0,
    });
  });

  it('times the first token at the first text delta, not at message_start or ping', async () => {
    const clock = new TestClock();
    const accumulator = new AnthropicStreamAccumulator(0);
    const events = anthropicToolStream.split(/(?<=\n\n)/);
    const timed = events.map((event, position): [number, string] => [100 * (position + 1), event]);
    await readSse(chunksAt(clock, timed), clock, (event, atMs) => accumulator.onEvent(event, atMs));
    const result = accumulator.result(0);
    // Events: message_start, block start, ping, text delta (4th, at 400) ... last input_json_delta (10th).
    expect(result.timing.firstTokenAtMs).toBe(400);
    expect(result.timing.lastTokenAtMs).toBe(1000);
  });

  it('turns an error event into an error naming its type', async () => {
    await expect(accumulate(anthropicOverloaded, 4096)).rejects.toBeInstanceOf(AnthropicStreamError);
    await expect(accumulate(anthropicOverloaded, 4096)).rejects.toThrow(/overloaded_error/);
  });
});

describe('Anthropic message mapping', () => {
  it('lifts system messages, merges tool results into one user turn and marks errors', () => {
    const mapped = toAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather and time?' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          { id: 't1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 't2', name: 'get_time', arguments: '' },
        ],
      },
      { role: 'tool', toolCallId: 't1', content: 'sunny' },
      { role: 'tool', toolCallId: 't2', content: 'no such zone', isError: true },
    ]);
    expect(mapped.system).toBe('Be brief.');
    expect(mapped.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather and time?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 't2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 't2', content: 'no such zone', is_error: true },
        ],
      },
    ]);
  });
});
