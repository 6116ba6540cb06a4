import { describe, expect, it } from 'vitest';
import { OpenAIStreamAccumulator } from '../../src/endpoints/openai-stream.js';
import { readSse } from '../../src/endpoints/sse-reader.js';
import {
  splitEvery,
  sse,
  textEvents,
  toolEventsIndexReuse,
  toolEventsWithIds,
  toolEventsWithoutIds,
} from './support/openai-fixtures.js';
import { chunksAt, TestClock } from './support/test-clock.js';

/** Feeds text in pieces, piece i arriving at time 10 * (i + 1). */
async function accumulate(pieces: readonly string[], promptCharacters = 40) {
  const clock = new TestClock();
  const accumulator = new OpenAIStreamAccumulator(0);
  const timed = pieces.map((piece, position): [number, string] => [10 * (position + 1), piece]);
  await readSse(chunksAt(clock, timed), clock, (event, atMs) => accumulator.onEvent(event, atMs));
  return accumulator.result(promptCharacters);
}

describe('OpenAI stream parsing', () => {
  it('assembles text and reads usage from the usage-only final chunk', async () => {
    const result = await accumulate([sse(textEvents)]);
    expect(result.content).toBe('Hello world');
    expect(result.finishReason).toBe('stop');
    expect(result.model).toBe('gpt-test');
    expect(result.usageReported).toBe(true);
    expect(result.usage).toEqual({
      inputTokens: 30,
      cachedInputTokens: 12,
      outputTokens: 9,
      reasoningTokens: 2,
    });
  });

  it('gives the same result whatever the chunk boundaries, CRLF line ends and comments', async () => {
    const text = sse(textEvents);
    const whole = await accumulate([text]);
    for (const size of [1, 7, 64]) {
      const split = await accumulate(splitEvery(text, size));
      expect(split.content).toBe(whole.content);
      expect(split.usage).toEqual(whole.usage);
    }
    const crlf = `: keep-alive comment\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
    const parsed = await accumulate(splitEvery(crlf, 5));
    expect(parsed.content).toBe('Hello world');
    expect(parsed.usage.outputTokens).toBe(9);
  });

  it('accumulates parallel tool calls split across chunks, with ids', async () => {
    const result = await accumulate(splitEvery(sse(toolEventsWithIds), 11));
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_b', name: 'get_time', arguments: '{"tz":"CET"}' },
    ]);
  });

  it('starts a new call when a new id arrives at a reused index', async () => {
    const result = await accumulate([sse(toolEventsIndexReuse)]);
    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_b', name: 'get_time', arguments: '{"tz":"CET"}' },
    ]);
  });

  it('tells calls without ids apart by index and gives them stable ids', async () => {
    const result = await accumulate([sse(toolEventsWithoutIds)]);
    expect(result.toolCalls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_1', name: 'get_time', arguments: '{}' },
    ]);
  });

  it('estimates usage at chars/4 and says so when the server sends none', async () => {
    const withoutUsage = textEvents.slice(0, -1);
    const result = await accumulate([sse(withoutUsage)], 41);
    expect(result.usageReported).toBe(false);
    expect(result.usage.inputTokens).toBe(11);
    expect(result.usage.outputTokens).toBe(Math.ceil('Hello world'.length / 4));
  });

  it('times first and last token from content deltas, not the role chunk, one gap per chunk', async () => {
    // Pieces arrive at 10, 20, …: one event per piece, the role chunk first.
    const pieces = textEvents.map((event) => sse([event], false));
    const result = await accumulate(pieces);
    expect(result.timing.sentAtMs).toBe(0);
    expect(result.timing.firstTokenAtMs).toBe(20);
    expect(result.timing.lastTokenAtMs).toBe(40);
    // 3 content chunks, usage says 9 output tokens: 3 tokens per chunk, 2 later chunks x 3 gaps of 10/3.
    expect(result.timing.interTokenGapsMs).toHaveLength(6);
    for (const gap of result.timing.interTokenGapsMs) expect(gap).toBeCloseTo(10 / 3, 9);
  });

  it('counts a tool-call delta as the first token', async () => {
    const pieces = toolEventsWithIds.map((event) => sse([event], false));
    const result = await accumulate(pieces);
    expect(result.timing.firstTokenAtMs).toBe(20);
  });

  it('marks a stream that ended without a finish reason or [DONE] as an error finish', async () => {
    const result = await accumulate([sse(textEvents.slice(0, 3), false)]);
    expect(result.finishReason).toBe('error');
    expect(result.content).toBe('Hello');
  });
});
