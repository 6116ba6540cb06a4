import { describe, expect, it } from 'vitest';
import { AnthropicStreamAccumulator } from '../../src/endpoints/anthropic-stream.js';
import { OpenAIStreamAccumulator } from '../../src/endpoints/openai-stream.js';
import { readSse } from '../../src/endpoints/sse-reader.js';
import {
  anthropicStreamScanner,
  openAIStreamScanner,
  type StreamScanner,
} from '../../src/endpoints/stream-scan.js';
import { anthropicToolStream } from './support/anthropic-fixtures.js';
import {
  splitEvery,
  sse,
  textEvents,
  toolEventsIndexReuse,
  toolEventsWithIds,
  toolEventsWithoutIds,
} from './support/openai-fixtures.js';
import { chunksAt, TestClock } from './support/test-clock.js';

/** The light scanner must agree with the full parser on timing, usage and finish reason. */
async function compare(
  text: string,
  size: number,
  scanner: StreamScanner,
  full: OpenAIStreamAccumulator | AnthropicStreamAccumulator,
) {
  const pieces = splitEvery(text, size).map((piece, position): [number, string] => [position + 1, piece]);
  const clock = new TestClock();
  await readSse(chunksAt(clock, pieces), clock, (event, atMs) => full.onEvent(event, atMs));
  const encoder = new TextEncoder();
  for (const [atMs, piece] of pieces) scanner.feed(encoder.encode(piece), atMs);
  const scanned = scanner.end();
  const parsed = full.result(0);
  expect(scanned.usage).toEqual(parsed.usageReported ? parsed.usage : null);
  expect(scanned.timeline.finish(scanned.usage?.outputTokens ?? null)).toEqual(parsed.timing);
  expect(scanned.finishReason).toBe(parsed.finishReason);
  expect(scanned.model).toBe(parsed.model);
}

describe('stream scanner (instrumented fetch)', () => {
  const openAIStreams = {
    text: sse(textEvents),
    'text with python-style spacing': sse(textEvents).replace(/":/g, '": '),
    'tool calls with ids': sse(toolEventsWithIds),
    'index reuse': sse(toolEventsIndexReuse),
    'no ids': sse(toolEventsWithoutIds),
    crlf: sse(textEvents).replace(/\n/g, '\r\n'),
  };
  for (const [name, text] of Object.entries(openAIStreams)) {
    it(`agrees with the full OpenAI parser: ${name}`, async () => {
      for (const size of [1, 9, 100, text.length]) {
        await compare(text, size, openAIStreamScanner(0), new OpenAIStreamAccumulator(0));
      }
    });
  }

  it('agrees with the full OpenAI parser on a stream longer than the scan buffer (scanned in parts)', async () => {
    const long = [
      textEvents[0]!,
      ...Array.from({ length: 3000 }, (_, index) => ({
        ...textEvents[1]!,
        choices: [{ index: 0, delta: { content: `word ${index} ${'x'.repeat(80)}` }, finish_reason: null }],
      })),
      ...textEvents.slice(4),
    ];
    const text = sse(long);
    expect(text.length).toBeGreaterThan(2 * 256 * 1024);
    for (const size of [997, 65_536]) {
      await compare(text, size, openAIStreamScanner(0), new OpenAIStreamAccumulator(0));
    }
  });

  it('decodes summary lines as UTF-8 (a model name outside ASCII)', async () => {
    const named = textEvents.map((event) => ({ ...(event as object), model: 'modèle-✓' }));
    const text = sse(named);
    for (const size of [1, 7, text.length]) {
      const scanner = openAIStreamScanner(0);
      await compare(text, size, scanner, new OpenAIStreamAccumulator(0));
    }
  });

  it('agrees with the full Anthropic parser', async () => {
    for (const size of [1, 13, 200, anthropicToolStream.length]) {
      await compare(anthropicToolStream, size, anthropicStreamScanner(0), new AnthropicStreamAccumulator(0));
    }
  });
});
