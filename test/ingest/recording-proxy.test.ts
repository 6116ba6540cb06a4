import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proxyCommand } from '../../src/commands/proxy.js';
import { startRecordingProxy } from '../../src/ingest/index.js';
import { startLoopbackServer } from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';

/** An upstream that sends one SSE chunk, then holds the stream open until released. */
async function gatedUpstream(): Promise<{ baseUrl: string; release(): void; server: Server }> {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
    response.write(chunk({ model: 'm', choices: [{ index: 0, delta: { content: 'first' } }] }));
    void gate.then(() => {
      response.write(chunk({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
      response.write(chunk({ model: 'm', choices: [], usage: { prompt_tokens: 9, completion_tokens: 1 } }));
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, release, server };
}

describe('recording proxy', () => {
  it('streams through without buffering, then records the call with its tokens', async () => {
    const upstream = await gatedUpstream();
    const proxy = await startRecordingProxy({ upstream: upstream.baseUrl });
    try {
      expect(proxy.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${proxy.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agentperf-task': 'task-7' },
        body: JSON.stringify({ model: 'm', stream: true, messages: [] }),
      });
      const reader = response.body!.getReader();
      // The first chunk reaches the client while the upstream is still holding the stream:
      // a buffering proxy would deadlock here.
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('first');
      expect(proxy.takeCalls('task-7')).toEqual([]);
      upstream.release();
      while (!(await reader.read()).done) {}
      await new Promise((resolve) => setTimeout(resolve, 20));
      const [step] = proxy.takeCalls('task-7');
      expect(step).toMatchObject({ kind: 'chat', model: 'm', inputTokens: 9, outputTokens: 1, status: 'ok' });
      expect(step!.firstTokenAt).not.toBeNull();
      expect(step!.firstTokenAt!).toBeLessThanOrEqual(step!.endAt);
      // Taken once.
      expect(proxy.takeCalls('task-7')).toEqual([]);
    } finally {
      await proxy.close();
      upstream.server.closeAllConnections();
      upstream.server.close();
    }
  });

  it('attributes by traceparent, lets x-agentperf-task win, and forwards other paths unrecorded', async () => {
    const model = await startLoopbackServer({ outputTokens: 3 });
    const proxy = await startRecordingProxy({ upstream: model.baseUrl });
    try {
      const traceA = '1'.repeat(32);
      const traceB = '2'.repeat(32);
      const call = (headers: Record<string, string>) =>
        fetch(`${proxy.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ model: 'loopback', messages: [{ role: 'user', content: 'hi' }] }),
        }).then((response) => response.json());
      await Promise.all([
        call({ traceparent: `00-${traceA}-${'a'.repeat(16)}-01` }),
        call({ traceparent: `00-${traceB}-${'b'.repeat(16)}-01` }),
        call({ traceparent: `00-${traceB}-${'c'.repeat(16)}-01` }),
        call({ traceparent: `00-${traceA}-${'d'.repeat(16)}-01`, 'x-agentperf-task': 'explicit' }),
      ]);
      const models = await fetch(`${proxy.baseUrl}/models`).then((response) => response.json());
      expect((models as { data: unknown[] }).data).toHaveLength(1);
      expect(proxy.takeCalls(traceA)).toHaveLength(1);
      expect(proxy.takeCalls(traceB)).toHaveLength(2);
      const [explicit] = proxy.takeCalls('explicit');
      expect(explicit).toMatchObject({ kind: 'chat', outputTokens: 3 });
      expect(proxy.calls).toBe(4);
    } finally {
      await proxy.close();
      await model.close();
    }
  });

  it('agentperf proxy writes one JSON line per call', async () => {
    const model = await startLoopbackServer({ outputTokens: 2 });
    const dir = tempDir();
    const stop = new AbortController();
    const out = join(dir.path, 'calls.jsonl');
    const port = await freePort();
    try {
      const running = proxyCommand({ upstream: model.baseUrl, port, out, signal: stop.signal });
      let ready = false;
      for (let attempt = 0; attempt < 100 && !ready; attempt++) {
        ready = await fetch(`http://127.0.0.1:${port}/v1/models`).then(
          (response) => response.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await fetch(`http://127.0.0.1:${port}/v1/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agentperf-task': 'doc' },
        body: JSON.stringify({ model: 'loopback', input: ['a', 'b'] }),
      }).then((response) => response.json());
      stop.abort();
      await running;
      const lines = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        taskKey: 'doc',
        kind: 'embed',
        path: '/v1/embeddings',
        inputTokens: 8,
      });
      expect(Number.isNaN(Date.parse(lines[0].startedAt))).toBe(false);
    } finally {
      stop.abort();
      await model.close();
      dir.remove();
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
