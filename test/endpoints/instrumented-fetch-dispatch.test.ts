import { gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { type FetchCallRecord, instrumentFetch } from '../../src/endpoints/index.js';
import { type LoopbackServer, startServer, writeChunks } from './support/loopback-server.js';
import { splitEvery, sse, textEvents } from './support/openai-fixtures.js';

/**
 * The dispatcher path: Node's fetch is given an observing dispatcher, so the
 * caller gets fetch's own Response (no second stream). These tests pin what
 * users of that Response rely on, and the fallbacks (a fetch that takes no
 * dispatcher, a content-encoded body).
 */
const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const streamText = sse(textEvents);

/** Serves the text stream at /v1/chat/completions, in 50-byte pieces. */
function serveStream(): Promise<LoopbackServer> {
  return serve((_seen, response) => writeChunks(response, splitEvery(streamText, 50), 1));
}

/** instrumentFetch over a base fetch that remembers the Responses it returned. */
function recorder(base: typeof fetch = globalThis.fetch) {
  const records: FetchCallRecord[] = [];
  const returned: Response[] = [];
  const counting = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const response = await base(input, init);
    returned.push(response);
    return response;
  }) as typeof fetch;
  const fetch = instrumentFetch(counting, { clock: systemClock, onEnd: (record) => records.push(record) });
  return { fetch, records, returned };
}

function expectTextStreamRecord(record: FetchCallRecord | undefined): void {
  expect(record?.error).toBeNull();
  expect(record?.status).toBe(200);
  expect(record?.streamed).toBe(true);
  expect(record?.usage?.outputTokens).toBe(9);
  expect(record?.finishReason).toBe('stop');
  // Three content chunks, nine output tokens: 9 tokens spread over 3 chunks give 6 gaps.
  expect(record?.interTokenGapsMs).toHaveLength(6);
  expect(record?.firstTokenAtMs).not.toBeNull();
}

describe('instrumentFetch through the dispatcher', () => {
  it("hands the caller fetch's own Response, whose body streams unchanged", async () => {
    const server = await serveStream();
    const { fetch, records, returned } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response).toBe(returned[0]);
    expect(response).toBeInstanceOf(Response);
    expect(response.url).toBe(`${server.origin}/v1/chat/completions`);
    expect(await response.text()).toBe(streamText);
    expect(records).toHaveLength(1);
    expectTextStreamRecord(records[0]);
  });

  it('accepts a global Request as input, with its method, headers and body', async () => {
    const server = await serveStream();
    const { fetch, records } = recorder();
    const request = new Request(`${server.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: new Headers({ 'x-trace': 'abc' }),
      body: JSON.stringify({ model: 'gpt-test', stream: true }),
    });
    const response = await fetch(request);
    expect(await response.text()).toBe(streamText);
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.headers['x-trace']).toBe('abc');
    expect(server.requests[0]?.body).toContain('"gpt-test"');
    expect(records[0]?.method).toBe('POST');
    expectTextStreamRecord(records[0]);
  });

  it('reads usage from a JSON body the caller parses with .json()', async () => {
    const completion = {
      id: 'c',
      object: 'chat.completion',
      model: 'gpt-json',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'length' }],
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    };
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // Two writes: the body reaches the dispatcher in more than one piece.
      const text = JSON.stringify(completion);
      response.write(text.slice(0, 20));
      setTimeout(() => response.end(text.slice(20)), 5);
    });
    const { fetch, records, returned } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response).toBe(returned[0]);
    expect(await response.json()).toEqual(completion);
    expect(records).toHaveLength(1);
    expect(records[0]?.model).toBe('gpt-json');
    expect(records[0]?.finishReason).toBe('length');
    expect(records[0]?.usage).toEqual({
      inputTokens: 7,
      cachedInputTokens: 0,
      outputTokens: 3,
      reasoningTokens: 0,
    });
  });

  it('records a gzip-encoded stream from its decoded bytes (the fallback stream)', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      response.end(gzipSync(streamText));
    });
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(await response.text()).toBe(streamText);
    expect(records).toHaveLength(1);
    expectTextStreamRecord(records[0]);
  });

  it('records once, for the final response, when fetch follows a redirect', async () => {
    const server = await serve((seen, response) => {
      if (seen.path === '/old/v1/chat/completions') {
        response.writeHead(307, { location: '/v1/chat/completions', 'content-type': 'text/plain' });
        response.end('moved');
        return;
      }
      return writeChunks(response, [streamText], 1);
    });
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/old/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.redirected).toBe(true);
    expect(await response.text()).toBe(streamText);
    expect(records).toHaveLength(1);
    expectTextStreamRecord(records[0]);
  });

  it('falls back to watching the body when the base fetch takes no dispatcher', async () => {
    const server = await serveStream();
    const dropsDispatcher = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const { dispatcher: _ignored, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(input, rest);
    }) as typeof fetch;
    const { fetch, records, returned } = recorder(dropsDispatcher);
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(response).not.toBe(returned[0]);
    expect(await response.text()).toBe(streamText);
    expect(records).toHaveLength(1);
    expectTextStreamRecord(records[0]);
  });

  it("sends the call through the caller's own dispatcher", async () => {
    const server = await serveStream();
    const agent = new Agent();
    let dispatched = 0;
    const counting = {
      dispatch(options: object, handler: object) {
        dispatched += 1;
        return agent.dispatch(options as never, handler as never);
      },
    };
    try {
      const { fetch, records } = recorder();
      const response = await fetch(`${server.origin}/v1/chat/completions`, {
        method: 'POST',
        body: '{}',
        dispatcher: counting,
      } as RequestInit);
      expect(await response.text()).toBe(streamText);
      expect(dispatched).toBe(1);
      expectTextStreamRecord(records[0]);
    } finally {
      await agent.close();
    }
  });

  it('reports an abort mid-stream once, with the error', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
    });
    const { fetch, records } = recorder();
    const controller = new AbortController();
    const response = await fetch(`${server.origin}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort(new Error('agent timed out'));
    await expect(reader.read()).rejects.toThrow();
    expect(records).toHaveLength(1);
    expect(records[0]?.error).not.toBeNull();
    expect(records[0]?.status).toBe(200);
  });

  it('reports a connection reset mid-stream as an error', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const { fetch, records } = recorder();
    const response = await fetch(`${server.origin}/v1/chat/completions`, { method: 'POST', body: '{}' });
    await expect(response.text()).rejects.toThrow();
    expect(records).toHaveLength(1);
    expect(records[0]?.error).not.toBeNull();
  });

  it('keeps working for the openai SDK when a hook throws', async () => {
    const server = await serveStream();
    const fetch = instrumentFetch(globalThis.fetch, {
      clock: systemClock,
      onStart: () => {
        throw new Error('hook bug');
      },
      onEnd: () => {
        throw new Error('hook bug');
      },
    });
    const client = new OpenAI({
      baseURL: `${server.origin}/v1`,
      apiKey: 'sk-local-test',
      fetch,
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({ model: 'gpt-test', messages: [], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello world');
  });
});
