import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServiceCurve, ServiceSlots } from './service-slots.js';

/** Latency and failure knobs of the loopback server. */
export interface LoopbackOptions {
  /** Delay before the first token, ms (default 0). */
  ttftMs?: number;
  /** Delay between output tokens, ms (default 0). */
  interTokenMs?: number;
  /** Output tokens per response (default 8). */
  outputTokens?: number;
  /** Answer every Nth chat request with HTTP 500 (0 = never). */
  failEvery?: number;
  /** Serve chat through a few slots with a known knee (see service-slots.ts), before the usual delays. */
  serviceCurve?: ServiceCurve;
  /**
   * The first streamed token's text is its send time (epoch ms, read just
   * before the write), so a client can measure how late it saw it.
   */
  stamp?: boolean;
  port?: number;
}

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  /** Chat, embedding and rerank requests served so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 with fixed, controllable
 * latency and no model at all: the zero-physics baseline for measuring the
 * harness's own overhead, and a fixture for runner tests. It is not the
 * simulator (which models serving physics); responses are fixed text.
 */
export async function startLoopbackServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const ttftMs = options.ttftMs ?? 0;
  const interTokenMs = options.interTokenMs ?? 0;
  const outputTokens = options.outputTokens ?? 8;
  let requests = 0;
  const slots = options.serviceCurve === undefined ? null : new ServiceSlots(options.serviceCurve);
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: error.message } }));
    });
  });
  server.keepAliveTimeout = 60_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? '';
    if (request.method === 'GET' && url.endsWith('/models')) {
      json(response, 200, {
        object: 'list',
        data: [{ id: 'loopback', object: 'model', owned_by: 'agentperf' }],
      });
      return;
    }
    const body = await readJson(request);
    requests += 1;
    if (url.endsWith('/chat/completions')) {
      if (options.failEvery && requests % options.failEvery === 0) {
        json(response, 500, { error: { message: 'planted failure', type: 'server_error' } });
        return;
      }
      if (slots !== null) await slots.serve(sleep);
      await chat(body, response);
    } else if (url.endsWith('/embeddings')) {
      const input = Array.isArray(body.input) ? body.input : [body.input];
      await sleep(ttftMs);
      json(response, 200, {
        object: 'list',
        model: body.model,
        data: input.map((_text: unknown, index: number) => ({
          object: 'embedding',
          index,
          embedding: [1, 0, 0, 0],
        })),
        usage: { prompt_tokens: input.length * 4, total_tokens: input.length * 4 },
      });
    } else if (url.endsWith('/rerank')) {
      const documents = (body.documents as unknown[]) ?? [];
      await sleep(ttftMs);
      json(response, 200, {
        results: documents.map((_document, index) => ({ index, relevance_score: 1 / (index + 1) })),
        meta: { billed_units: { search_units: 1 } },
      });
    } else {
      json(response, 404, { error: { message: `no route ${url}` } });
    }
  }

  async function chat(body: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const promptTokens = Math.ceil(JSON.stringify(body.messages ?? '').length / 4);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: outputTokens,
      total_tokens: promptTokens + outputTokens,
    };
    const base = {
      id: `chatcmpl-${requests}`,
      created: Math.floor(Date.now() / 1000),
      model: String(body.model),
    };
    if (body.stream !== true) {
      await sleep(ttftMs + interTokenMs * Math.max(0, outputTokens - 1));
      json(response, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: 'tok '.repeat(outputTokens).trim() },
          },
        ],
        usage,
      });
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    await sleep(ttftMs);
    for (let token = 0; token < outputTokens; token++) {
      if (token > 0) await sleep(interTokenMs);
      const first = options.stamp ? String(performance.timeOrigin + performance.now()) : 'tok';
      response.write(chunk(token === 0 ? { role: 'assistant', content: first } : { content: ' tok' }, null));
    }
    response.write(chunk({}, 'stop'));
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) {
      response.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
      );
    }
    response.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
