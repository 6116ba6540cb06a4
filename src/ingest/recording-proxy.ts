import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { systemClock } from '../clock.js';
import { type FetchCallRecord, instrumentFetch } from '../endpoints/index.js';
import type { Clock, ExternalStep } from '../spec/index.js';
import { stepOfFetchCall } from './fetch-call-step.js';
import { traceIdOf } from './traceparent.js';

/** The header that names the task a call belongs to, when the agent cannot send `traceparent`. */
export const TASK_HEADER = 'x-agentperf-task';

/** One model call that went through the proxy. */
export interface ProxyCall {
  /** The `x-agentperf-task` header, else the `traceparent` trace id, else null. */
  taskKey: string | null;
  /** HTTP method and path as the agent sent them. */
  method: string;
  path: string;
  /** HTTP status from the upstream; null when it never answered. */
  status: number | null;
  /** The call as a step; times on this process's harness clock (performance.now()). */
  step: ExternalStep;
}

export interface RecordingProxyOptions {
  /** Upstream base URL, e.g. http://127.0.0.1:8000/v1 or https://api.openai.com/v1. */
  upstream: string;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** Every recorded model call, as it ends; must be cheap and must not throw. */
  onCall?(call: ProxyCall): void;
  /** Keep calls per task key for takeCalls (default true; the standalone command turns it off). */
  retainCalls?: boolean;
  /** Endpoint and placement label of the recorded steps (default: the upstream's host). */
  endpoint?: string;
  placement?: string;
  clock?: Clock;
}

export interface RecordingProxyHandle {
  /** The proxy's base URL: the upstream's path on the proxy's origin. Give it to the agent as its base URL. */
  readonly baseUrl: string;
  /** Model calls recorded so far. */
  readonly calls: number;
  /**
   * The steps of the calls made under a task key (a trace id or an
   * x-agentperf-task value), removed from the proxy. Calls still streaming
   * are not included: take them after the agent answered.
   */
  takeCalls(taskKey: string): ExternalStep[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
  'accept-encoding',
  TASK_HEADER,
]);

/** Task keys held at most for takeCalls; the oldest are dropped beyond it. */
const MAX_RETAINED_KEYS = 10_000;

/**
 * An OpenAI-compatible pass-through on 127.0.0.1: every request is
 * forwarded to the upstream as is (any path, so Anthropic's /v1/messages
 * and /v1/models work too), responses stream back chunk by chunk, and each
 * chat, embeddings or messages call is recorded with its timing, time to
 * first token and tokens, read on the side by the same scanner ctx.fetch uses.
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxyHandle> {
  const upstream = new URL(options.upstream);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const labels = {
    endpoint: options.endpoint ?? upstream.host,
    placement: options.placement ?? upstream.host,
  };
  const retain = options.retainCalls ?? true;
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 600_000, bodyTimeout: 600_000 });
  const baseFetch = ((input: string, init: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  const retained = new Map<string, ExternalStep[]>();
  let calls = 0;

  const record = (call: ProxyCall): void => {
    calls += 1;
    if (retain && call.taskKey !== null) {
      const list = retained.get(call.taskKey);
      if (list === undefined) {
        retained.set(call.taskKey, [call.step]);
        if (retained.size > MAX_RETAINED_KEYS) retained.delete(retained.keys().next().value as string);
      } else list.push(call.step);
    }
    options.onCall?.(call);
  };

  const server = createServer((request, response) => {
    void forward(request, response).catch((error: Error) => {
      if (!response.headersSent) {
        const body = JSON.stringify({ error: { message: `agentperf proxy: ${error.message}` } });
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(body);
      } else response.destroy(error);
    });
  });

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const taskKey = taskKeyOf(request.headers);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort(new Error('client went away'));
    });
    const fetchThrough = instrumentFetch(baseFetch, {
      clock,
      onEnd: (call: FetchCallRecord) => {
        if (call.api === 'other') return;
        record({ taskKey, method, path, status: call.status, step: stepOfFetchCall(call, labels) });
      },
    });
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
    const upstreamResponse = await fetchThrough(`${upstream.origin}${path}`, {
      method,
      headers: forwardedHeaders(request.headers),
      ...(body === undefined ? {} : { body: isJson(request.headers) ? body.toString('utf8') : body }),
      signal: abort.signal,
    });
    const headers: Record<string, string> = {};
    upstreamResponse.headers.forEach((value, key) => {
      if (
        key !== 'content-length' &&
        key !== 'transfer-encoding' &&
        key !== 'content-encoding' &&
        key !== 'connection'
      )
        headers[key] = value;
    });
    response.writeHead(upstreamResponse.status, upstreamResponse.statusText, headers);
    if (upstreamResponse.body === null) {
      response.end();
      return;
    }
    for await (const chunk of upstreamResponse.body as unknown as AsyncIterable<Uint8Array>) {
      if (!response.write(chunk)) await new Promise<void>((resolve) => response.once('drain', resolve));
    }
    response.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${basePath}`,
    get calls() {
      return calls;
    },
    takeCalls(taskKey) {
      const steps = retained.get(taskKey) ?? [];
      retained.delete(taskKey);
      return steps;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}

/** The task a call belongs to: the explicit header wins over the trace id. */
function taskKeyOf(headers: IncomingHttpHeaders): string | null {
  const explicit = headers[TASK_HEADER];
  if (typeof explicit === 'string' && explicit !== '') return explicit;
  const traceparent = headers.traceparent;
  return traceIdOf(typeof traceparent === 'string' ? traceparent : undefined);
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const forwarded: Record<string, string> = { 'accept-encoding': 'identity' };
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(key)) continue;
    forwarded[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

function isJson(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').includes('json');
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
