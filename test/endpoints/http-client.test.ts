import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ApiCallError } from '../../src/errors.js';
import type { ChatRequest } from '../../src/spec/index.js';
import { caught, endpointFrom } from './support/endpoints.js';
import { closedPort, type LoopbackServer, sendJson, startServer } from './support/loopback-server.js';
import { sse, textEvents } from './support/openai-fixtures.js';
import { TestClock } from './support/test-clock.js';

const request: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const servers: LoopbackServer[] = [];

async function serve(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server that answers with `failures` in turn, then a good stream. */
async function flaky(
  failures: Array<{ status: number; headers?: Record<string, string> }>,
): Promise<LoopbackServer> {
  let calls = 0;
  return serve((_seen, response) => {
    const failure = failures[calls++];
    if (failure !== undefined) {
      sendJson(response, failure.status, { error: { message: 'try later' } }, failure.headers);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(sse(textEvents));
  });
}

describe('HTTP client: retries', () => {
  it('does not retry by default: a 429 surfaces with its Retry-After', async () => {
    const server = await flaky([{ status: 429, headers: { 'retry-after': '2' } }]);
    const adapter = endpointFrom('vendor-a', { type: 'openai', baseUrl: `${server.origin}/v1` });
    const error = await caught(() => adapter.chat!('m', request, { clock: new TestClock() }));
    expect(error).toBeInstanceOf(ApiCallError);
    const apiError = error as ApiCallError;
    expect(apiError.status).toBe(429);
    expect(apiError.retryAfterS).toBe(2);
    expect(apiError.retryable).toBe(true);
    expect(apiError.message).toContain('vendor-a');
    expect(server.requests).toHaveLength(1);
    await adapter.close();
  });

  it('when on, waits as long as Retry-After says and reports each retry', async () => {
    const server = await flaky([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 429, headers: { 'retry-after-ms': '250' } },
    ]);
    const adapter = endpointFrom('vendor-a', {
      type: 'openai',
      baseUrl: `${server.origin}/v1`,
      retry: { maxRetries: 3 },
    });
    const clock = new TestClock();
    const retries: Array<[number, number, number | null]> = [];
    const result = await adapter.chat!('m', request, {
      clock,
      observer: {
        onRetry: (attempt, waitMs, error) => retries.push([attempt, waitMs, (error as ApiCallError).status]),
      },
    });
    expect(result.content).toBe('Hello world');
    expect(retries).toEqual([
      [1, 2000, 429],
      [2, 250, 429],
    ]);
    expect(clock.sleeps).toEqual([2000, 250]);
    expect(server.requests).toHaveLength(3);
    await adapter.close();
  });

  it('fails at once, saying why, when Retry-After asks for longer than maxDelayMs', async () => {
    const server = await flaky([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const adapter = endpointFrom('vendor-a', {
      type: 'openai',
      baseUrl: `${server.origin}/v1`,
      retry: { maxRetries: 3, maxDelayMs: 5000 },
    });
    const clock = new TestClock();
    const retries: number[] = [];
    const error = await caught(() =>
      adapter.chat!('m', request, {
        clock,
        observer: { onRetry: (_attempt, waitMs) => retries.push(waitMs) },
      }),
    );
    expect((error as ApiCallError).message).toMatch(
      /retry after 3600 s, longer than retry\.maxDelayMs \(5000 ms\)/,
    );
    expect((error as ApiCallError).retryable).toBe(false);
    expect(clock.sleeps).toEqual([]);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
    await adapter.close();
  });

  it('records the wait that happened when a retry wait is cut short', async () => {
    const server = await flaky([{ status: 429, headers: { 'retry-after': '10' } }]);
    const adapter = endpointFrom('vendor-a', {
      type: 'openai',
      baseUrl: `${server.origin}/v1`,
      retry: { maxRetries: 1 },
    });
    // A clock whose sleep lasts until the abort, which comes 1,500 ms (clock time) into the wait.
    const stop = new AbortController();
    let time = 0;
    const clock = {
      now: () => time,
      sleep: (_ms: number, signal?: AbortSignal) =>
        new Promise<void>((_resolve, reject) => {
          time += 1500;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          stop.abort(new Error('task timed out'));
        }),
    };
    const retries: number[] = [];
    await caught(() =>
      adapter.chat!('m', request, {
        clock,
        signal: stop.signal,
        observer: { onRetry: (_attempt, waitMs) => retries.push(waitMs) },
      }),
    );
    expect(retries).toEqual([1500]);
    await adapter.close();
  });

  it('backs off exponentially with jitter on 5xx, up to maxRetries, and never retries a 400', async () => {
    const server = await flaky([{ status: 503 }, { status: 500 }, { status: 502 }]);
    const adapter = endpointFrom(
      'vendor-a',
      { type: 'openai', baseUrl: server.origin, retry: { maxRetries: 2, baseDelayMs: 100 } },
      { random: () => 1 },
    );
    const clock = new TestClock();
    const error = await caught(() => adapter.chat!('m', request, { clock }));
    expect((error as ApiCallError).status).toBe(502);
    expect(clock.sleeps).toEqual([100, 200]);
    expect(server.requests).toHaveLength(3);

    const badRequest = await flaky([{ status: 400 }]);
    const strict = endpointFrom('vendor-b', {
      type: 'openai',
      baseUrl: badRequest.origin,
      retry: { maxRetries: 5 },
    });
    const rejected = await caught(() => strict.chat!('m', request, { clock }));
    expect((rejected as ApiCallError).status).toBe(400);
    expect((rejected as ApiCallError).retryable).toBe(false);
    expect(badRequest.requests).toHaveLength(1);
    await Promise.all([adapter.close(), strict.close()]);
  });
});

describe('HTTP client: failures name the endpoint', () => {
  it('an unreachable endpoint (closed port) is an ApiCallError with no status', async () => {
    const port = await closedPort();
    const adapter = endpointFrom('gone', { type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` });
    const error = await caught(() => adapter.preflight!('m', 'chat', { clock: systemClock }));
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).status).toBeNull();
    expect((error as ApiCallError).endpoint).toBe('gone');
    expect(error.message).toMatch(/endpoint "gone" did not answer/);
    await adapter.close();
  });

  it('a connection reset mid-stream is a retryable ApiCallError, not a truncated result', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
      setTimeout(() => response.socket?.resetAndDestroy(), 20);
    });
    const adapter = endpointFrom('flaky', { type: 'openai', baseUrl: server.origin });
    const error = await caught(() => adapter.chat!('m', request, { clock: systemClock }));
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).retryable).toBe(true);
    expect(error.message).toContain('"flaky"');
    await adapter.close();
  });

  it('gives up after the total timeout', async () => {
    const server = await serve(() => {
      // Never answers.
    });
    const adapter = endpointFrom('slow', {
      type: 'openai',
      baseUrl: server.origin,
      timeouts: { totalMs: 100 },
    });
    const error = await caught(() => adapter.chat!('m', request, { clock: systemClock }));
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toMatch(/"slow" did not finish within the total timeout of 100 ms/);
    await adapter.close();
  });

  it("a streamed call stopped by its caller mid-stream ends at once with the caller's reason, and the server sees the connection close", async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
      response.on('close', closed);
      // Then stalls: only the abort can end this call.
    });
    const adapter = endpointFrom('stalling', { type: 'openai', baseUrl: server.origin });
    const stop = new AbortController();
    const started = performance.now();
    setTimeout(() => stop.abort(new Error('task timed out')), 50);
    const error = await caught(() =>
      adapter.chat!('m', request, { clock: systemClock, signal: stop.signal }),
    );
    expect(error.message).toBe('task timed out');
    expect(performance.now() - started).toBeLessThan(2_000);
    await serverSawClose;
    await adapter.close();
  });

  it('a stream that stalls after its first tokens still ends at the total timeout', async () => {
    const server = await serve((_seen, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(textEvents.slice(0, 2), false));
    });
    const adapter = endpointFrom('stalls', {
      type: 'openai',
      baseUrl: server.origin,
      timeouts: { totalMs: 150 },
    });
    const error = await caught(() => adapter.chat!('m', request, { clock: systemClock }));
    expect(error).toBeInstanceOf(ApiCallError);
    expect((error as ApiCallError).fault).toBe('timeout');
    expect(error.message).toMatch(/"stalls" did not finish within the total timeout of 150 ms/);
    await adapter.close();
  });

  it('a chunk that is not JSON fails the streamed call as an unreadable response, and the next call still works', async () => {
    let calls = 0;
    const server = await serve((_seen, response) => {
      calls += 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (calls === 1) response.end('data: {not json\n\n');
      else response.end(sse(textEvents));
    });
    const adapter = endpointFrom('garbled', { type: 'openai', baseUrl: server.origin });
    const error = await caught(() => adapter.chat!('m', request, { clock: systemClock }));
    expect(error).toBeInstanceOf(ApiCallError);
    expect(error.message).toMatch(/"garbled" sent a response agentperf could not read/);
    const next = await adapter.chat!('m', request, { clock: systemClock });
    expect(next.content.length).toBeGreaterThan(0);
    await adapter.close();
  });

  it('never puts the API key in an error, even when the server echoes it', async () => {
    const key = 'sk-test-abcdefghijklmnop123456';
    const server = await serve((seen, response) => {
      sendJson(response, 401, { error: `bad key: ${seen.headers.authorization}` });
    });
    const adapter = endpointFrom(
      'vendor-a',
      { type: 'openai', baseUrl: server.origin, apiKeyEnv: 'VENDOR_A_KEY' },
      { env: { VENDOR_A_KEY: key } },
    );
    const error = await caught(() => adapter.chat!('m', request, { clock: systemClock }));
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect((error as ApiCallError).status).toBe(401);
    expect(error.message).toContain('bad key');
    expect(error.message).not.toContain(key);
    expect((error as ApiCallError).bodyExcerpt).not.toContain(key);
    await adapter.close();
  });
});

describe('HTTP client: concurrency cap', () => {
  it('holds calls beyond maxConcurrency and reports how long they queued', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const server = await serve(async (_seen, response) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30));
      inFlight -= 1;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(sse(textEvents));
    });
    const adapter = endpointFrom('capped', { type: 'openai', baseUrl: server.origin, maxConcurrency: 1 });
    const queued: number[] = [];
    const options = { clock: systemClock, observer: { onQueued: (waitMs: number) => queued.push(waitMs) } };
    const results = await Promise.all([1, 2, 3].map(() => adapter.chat!('m', request, options)));
    expect(results.map((result) => result.content)).toEqual(['Hello world', 'Hello world', 'Hello world']);
    expect(maxInFlight).toBe(1);
    expect(queued).toHaveLength(2);
    for (const waitMs of queued) expect(waitMs).toBeGreaterThan(0);
    await adapter.close();
  });
});
