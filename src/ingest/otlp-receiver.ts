import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { OtelSpan } from './otel-span.js';
import { decodeOtlpJson, decodeOtlpProtobuf } from './otlp-decode.js';
import { TraceIndex, type WaitForTraceOptions } from './trace-index.js';

const gunzipAsync = promisify(gunzip);

/** Where and how the receiver listens. */
export interface OtlpReceiverOptions {
  /** Port on 127.0.0.1 (default 4318, the OTLP/HTTP port; 0 picks a free one). */
  port?: number;
  /** Traces held at most; the oldest unclaimed ones are dropped beyond it (default 10,000). */
  maxTraces?: number;
  /** Largest accepted request body, bytes (default 16 MiB). */
  maxBodyBytes?: number;
  /** Sees every decoded batch (for logging or tests); must not throw. */
  onSpans?(spans: OtelSpan[]): void;
}

/** A running OTLP/HTTP trace receiver. */
export interface OtlpReceiverHandle {
  /** e.g. http://127.0.0.1:4318: what OTEL_EXPORTER_OTLP_ENDPOINT should be. */
  readonly url: string;
  /** `${url}/v1/traces`: what OTEL_EXPORTER_OTLP_TRACES_ENDPOINT should be. */
  readonly tracesUrl: string;
  /** Spans received so far, all traces. */
  readonly spansReceived: number;
  /** Resolves with a trace's spans once it is complete (see WaitForTraceOptions); never rejects. */
  waitForTrace(traceId: string, options?: WaitForTraceOptions): Promise<OtelSpan[]>;
  close(): Promise<void>;
}

/**
 * Receivers on fixed ports, process-wide (a suite module may be evaluated
 * more than once, and two receivers cannot share a port anyway).
 */
const RUNNING = Symbol.for('agentperf.otlp-receivers');
type Registry = Map<number, Promise<OtlpReceiverHandle>>;
const registry: Registry =
  ((globalThis as Record<symbol, unknown>)[RUNNING] as Registry | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[RUNNING] = registry;

/**
 * Starts an OTLP/HTTP receiver on 127.0.0.1 that accepts POST /v1/traces
 * in JSON and protobuf (gzip or not) and indexes spans by trace id. On a
 * fixed port, a receiver already running in this process is returned
 * instead of a second one. The server is unref'd: it never keeps a
 * finished run's process alive.
 */
export function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiverHandle> {
  const port = options.port ?? 4318;
  if (port === 0) return listen(options, 0);
  let running = registry.get(port);
  if (running === undefined) {
    running = listen(options, port);
    registry.set(port, running);
    running.catch(() => registry.delete(port));
  }
  return running;
}

async function listen(options: OtlpReceiverOptions, port: number): Promise<OtlpReceiverHandle> {
  const index = new TraceIndex(options.maxTraces);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  let spansReceived = 0;
  const server = createServer((request, response) => {
    void receive(request, response).catch((error: Error) => {
      reply(response, 400, 'application/json', JSON.stringify({ code: 3, message: error.message }));
    });
  });

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?', 1)[0];
    if (request.method !== 'POST' || path !== '/v1/traces') {
      reply(response, 404, 'application/json', JSON.stringify({ code: 5, message: 'only POST /v1/traces' }));
      request.resume();
      return;
    }
    let body = await readBody(request, maxBodyBytes);
    if ((request.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') body = await gunzipAsync(body);
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    const protobuf = contentType.includes('protobuf');
    const spans = protobuf ? decodeOtlpProtobuf(body) : decodeOtlpJson(body.toString('utf8'));
    spansReceived += spans.length;
    index.add(spans);
    if (options.onSpans !== undefined) {
      try {
        options.onSpans(spans);
      } catch {
        // An observer must not fail an export.
      }
    }
    // An empty ExportTraceServiceResponse: full success.
    if (protobuf) reply(response, 200, 'application/x-protobuf', Buffer.alloc(0));
    else reply(response, 200, 'application/json', '{}');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    get spansReceived() {
      return spansReceived;
    },
    waitForTrace: (traceId, waitOptions) => index.waitForTrace(traceId, waitOptions),
    close: () =>
      new Promise<void>((resolve) => {
        if (port !== 0) registry.delete(port);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`request body over ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
