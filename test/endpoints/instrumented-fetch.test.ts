import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { type FetchCallRecord, instrumentFetch } from '../../src/endpoints/index.js';
import { anthropicToolStream } from './support/anthropic-fixtures.js';
import {
  closedPort,
  type LoopbackServer,
  sendJson,
  startServer,
  writeChunks,
} from './support/loopback-server.js';
import { sse, splitEvery, textEvents, toolEventsWithIds } from './support/openai-fixtures.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function recorder() {
  const records: FetchCallRecord[] = [];
  const started: string[] = [];
  const fetch = instrumentFetch(globalThis.fetch, {
    clock: systemClock,
    onStart: (call) => started.push(call.api),
    onEnd: (record) => records.push(record),
  });
  return { fetch, records, started };
}

describe('instrumentFetch', () => {
  it('records a streamed OpenAI call made by the openai SDK, which still gets every token', async () => {
    const server = await serve((_seen, response) =>
      writeChunks(response, splitEvery(sse(toolEventsWithIds), 40)),
    );
    const { fetch, records, started } = recorder();
    const client = new OpenAI({
      baseURL: `${server.origin}/v1`,
      apiKey: 'sk-local-test',
      fetch,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let argumentsSeen = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? [])
        argumentsSeen += call.function?.arguments ?? '';
    }
    expect(argumentsSeen).toBe('{"city":"Paris"}{"tz":"CET"}');
    expect(started).toEqual(['openai-chat']);
    expect(records).toHaveLength(1);
    const record = records[0]!;
    expect(record.api).toBe('openai-chat');
    expect(record.streamed).toBe(true);
    expect(record.status).toBe(200);
    expect(record.model).toBe('gpt-test');
    expect(record.finishReason).toBe('tool_calls');
    expect(record.error).toBeNull();
    expect(record.headersAtMs!).toBeGreaterThanOrEqual(record.startMs);
    expect(record.firstTokenAtMs!).toBeGreaterThanOrEqual(record.headersAtMs!);
    expect(record.endMs).toBeGreaterThanOrEqual(record.lastTokenAtMs!);
  });

  it('reads usage from a non-streamed JSON response without changing what the SDK gets', async () => {
    const server = await serve((_seen, response) =>
      sendJson(response, 200, {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'gpt-test',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 4, completion_tokens: 1, total_tokens: 5 },
      }),
    );
    const { fetch, records } = recorder();
    const client = new OpenAI({ baseURL: server.origin, apiKey: 'sk-local-test', fetch, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-test', messages: [] });
    expect(completion.choices[0]?.message.content).toBe('ok');
    expect(records[0]?.usage).toEqual({
      inputTokens: 4,
      cachedInputTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    });
    expect(records[0]?.streamed).toBe(false);
  });

  it('passes chunks through as they arrive (the reader sees the first before the server sends the rest)', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await serve(async (_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
      await released;
      response.end(sse(textEvents.slice(2)));
    });
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-test', stream: true }),
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"Hel"');
    expect(records).toHaveLength(0);
    release();
    while (!(await reader.read()).done) {
      // Drain.
    }
    expect(records).toHaveLength(1);
    expect(records[0]?.usage?.outputTokens).toBe(9);
  });

  it('records an Anthropic stream with its cumulative usage', async () => {
    const server = await serve((_seen, response) =>
      writeChunks(response, splitEvery(anthropicToolStream, 100)),
    );
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({ model: 'claude-test', stream: true }),
    });
    const text = await response.text();
    expect(text).toBe(anthropicToolStream);
    expect(records[0]?.api).toBe('anthropic-messages');
    expect(records[0]?.usage).toEqual({
      inputTokens: 115,
      cachedInputTokens: 100,
      outputTokens: 9,
      reasoningTokens: 0,
    });
  });

  it('reports a cancelled body and a failed request once each, with the error', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
    });
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel(new Error('agent gave up'));
    expect(records).toHaveLength(1);
    expect(records[0]?.error?.message).toBe('agent gave up');

    const port = await closedPort();
    await expect(
      fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', body: '{}' }),
    ).rejects.toThrow();
    expect(records).toHaveLength(2);
    expect(records[1]?.status).toBeNull();
    expect(records[1]?.error).not.toBeNull();
  });
});
