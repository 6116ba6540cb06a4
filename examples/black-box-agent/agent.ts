/**
 * A tiny agent behind HTTP that agentperf measures as a black box. It is
 * instrumented the way real agents are: the OpenTelemetry SDK with spans
 * that follow the GenAI semantic conventions (an `invoke_agent` span
 * around a `chat`, an `execute_tool` and an `embeddings` span), exported
 * over OTLP/HTTP. agentperf never looks inside: it sends a case with a
 * `traceparent` and reads these spans back by trace id.
 *
 *   POST /ask {"country": "France"}  →  {"answer": "Paris"}
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const CAPITALS: Record<string, string> = { France: 'Paris', Japan: 'Tokyo', Kenya: 'Nairobi', Peru: 'Lima' };

export interface BlackBoxAgentOptions {
  /** OpenAI-compatible base URL of the model server (e.g. the simulator, a loopback server, or agentperf's proxy). */
  modelBaseUrl: string;
  model: string;
  /** OTLP/HTTP traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. */
  tracesUrl: string;
  /** OTLP encoding (default json). */
  protocol?: 'json' | 'protobuf';
  port?: number;
}

export interface BlackBoxAgent {
  /** e.g. http://127.0.0.1:PORT/ask */
  url: string;
  close(): Promise<void>;
}

/** Starts the agent on 127.0.0.1. */
export async function startBlackBoxAgent(options: BlackBoxAgentOptions): Promise<BlackBoxAgent> {
  const exporter =
    options.protocol === 'protobuf'
      ? new ProtobufExporter({ url: options.tracesUrl })
      : new JsonExporter({ url: options.tracesUrl });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'capital-agent' }),
    // Simple: each span is exported as it ends, so the harness need not wait for a batch timer.
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('capital-agent');
  const server = createServer((request, response) => {
    void answer(tracer, options, request).then(
      (body) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      },
      (error: Error) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: error.message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ask`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}

async function answer(
  tracer: Tracer,
  options: BlackBoxAgentOptions,
  request: IncomingMessage,
): Promise<{ answer: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { country } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { country: string };
  const root = tracer.startSpan(
    'POST /ask',
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'url.path': '/ask' } },
    remoteParent(request.headers.traceparent),
  );
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);
  const agentSpan = tracer.startSpan(
    'invoke_agent capital-agent',
    { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'capital-agent' } },
    rootContext,
  );
  const agentContext = trace.setSpan(rootContext, agentSpan);
  try {
    await chat(tracer, agentContext, options, `Plan: find the capital of ${country}.`);
    const capital = await tool(tracer, agentContext, country);
    await embed(tracer, agentContext, options, capital);
    return { answer: capital };
  } finally {
    agentSpan.end();
    root.end();
  }
}

/** A streamed chat completion, with usage and time to first token on the span. */
async function chat(tracer: Tracer, parent: Context, options: BlackBoxAgentOptions, prompt: string) {
  const span = tracer.startSpan(
    `chat ${options.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': options.model,
      },
    },
    parent,
  );
  return withSpan(span, async () => {
    const started = performance.now();
    const response = await fetch(`${options.modelBaseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: traceparentOf(span) },
      body: JSON.stringify({
        model: options.model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 16,
      }),
    });
    if (!response.ok || response.body === null) throw new Error(`model answered HTTP ${response.status}`);
    let text = '';
    let firstTokenAt: number | null = null;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      firstTokenAt ??= performance.now();
      text += Buffer.from(chunk).toString('utf8');
    }
    for (const line of text.split('\n')) {
      if (!line.startsWith('data: {')) continue;
      const event = JSON.parse(line.slice(6)) as {
        model?: string;
        usage?: { prompt_tokens: number; completion_tokens: number };
      };
      if (event.model !== undefined) span.setAttribute('gen_ai.response.model', event.model);
      if (event.usage !== undefined) {
        span.setAttribute('gen_ai.usage.input_tokens', event.usage.prompt_tokens);
        span.setAttribute('gen_ai.usage.output_tokens', event.usage.completion_tokens);
      }
    }
    if (firstTokenAt !== null)
      span.setAttribute('gen_ai.server.time_to_first_token', (firstTokenAt - started) / 1000);
  });
}

async function tool(tracer: Tracer, parent: Context, country: string): Promise<string> {
  const span = tracer.startSpan(
    'execute_tool lookup_capital',
    { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_capital' } },
    parent,
  );
  return withSpan(span, async () => {
    await new Promise((resolve) => setTimeout(resolve, 2));
    const capital = CAPITALS[country];
    if (capital === undefined) throw new Error(`unknown country ${country}`);
    return capital;
  });
}

/** An embeddings call, labelled with the older gen_ai.system attribute as many instrumentations still do. */
async function embed(tracer: Tracer, parent: Context, options: BlackBoxAgentOptions, text: string) {
  const span = tracer.startSpan(
    `embeddings ${options.model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': options.model,
      },
    },
    parent,
  );
  return withSpan(span, async () => {
    const response = await fetch(`${options.modelBaseUrl}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: traceparentOf(span) },
      body: JSON.stringify({ model: options.model, input: [text] }),
    });
    const body = (await response.json()) as { usage?: { prompt_tokens?: number } };
    span.setAttribute('gen_ai.usage.input_tokens', body.usage?.prompt_tokens ?? 0);
  });
}

async function withSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** The caller's trace context from its `traceparent` header (W3C, version 00). */
function remoteParent(header: string | string[] | undefined): Context {
  const match =
    typeof header === 'string' ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header) : null;
  if (match === null) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16),
    isRemote: true,
  });
}

/** Propagates the trace to the model server (and to agentperf's proxy, which attributes calls by it). */
function traceparentOf(span: Span): string {
  const context = span.spanContext();
  return `00-${context.traceId}-${context.spanId}-01`;
}
