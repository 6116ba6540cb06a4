import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createOtlpSpanExporter,
  providerNames,
  resolveOtlpTarget,
  spanIdFor,
  traceIdFor,
} from '../../src/export/index.js';
import { type OtelSpan, type OtlpReceiverHandle, startOtlpReceiver } from '../../src/ingest/index.js';
import type { SpanRecord, TaskRecord } from '../../src/spec/index.js';

const RUN_EPOCH_WALL_MS = 1_700_000_000_000.5;

function task(taskExecId: string): TaskRecord {
  return {
    runId: 'run-1',
    level: 'c1',
    task: 'demo',
    caseId: 'case',
    taskExecId,
    fabric: 'f',
    warmup: false,
    scheduledAtMs: 10,
    startMs: 12,
    endMs: 112.25,
    e2eMs: 102.25,
    passed: true,
    score: 1,
    error: null,
    gradeReason: null,
    costUsd: 0.002,
    pricedCostUsd: 0.002,
    steps: 2,
    inputTokens: 100,
    cachedInputTokens: 40,
    outputTokens: 20,
  };
}

function span(taskExecId: string, spanId: string, partial: Partial<SpanRecord>): SpanRecord {
  return {
    spanId,
    taskExecId,
    parentId: null,
    kind: 'chat',
    role: 'worker',
    name: 'gpt-x',
    endpoint: 'vendor-a',
    placement: 'h100',
    startMs: 20,
    endMs: 60,
    ttftMs: 5,
    inputTokens: 100,
    cachedInputTokens: 40,
    outputTokens: 20,
    reasoningTokens: 0,
    costUsd: 0.002,
    status: 'ok',
    error: null,
    retries: 0,
    retryWaitMs: 0,
    queueWaitMs: 0,
    finishReason: 'stop',
    itlMs: null,
    simulated: false,
    ...partial,
  };
}

describe('OTLP span export', () => {
  let receiver: OtlpReceiverHandle;
  const batches: OtelSpan[][] = [];
  beforeAll(async () => {
    receiver = await startOtlpReceiver({ port: 0, onSpans: (spans) => batches.push(spans) });
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('round-trips through an OTLP receiver: one trace per task, GenAI attributes, exact times, batched', async () => {
    const tasks = [task('e1'), task('e2')];
    const spans = [
      span('e1', 'e1.1', {}),
      span('e1', 'e1.2', {
        kind: 'custom',
        name: 'plan',
        role: null,
        endpoint: null,
        placement: null,
        ttftMs: null,
      }),
      span('e1', 'e1.3', {
        kind: 'tool',
        name: 'search',
        parentId: 'e1.2',
        role: null,
        endpoint: 'search',
        placement: 'local',
        ttftMs: null,
        status: 'error',
        error: 'no index',
        costUsd: 0,
      }),
      span('e2', 'e2.1', { kind: 'embed', name: 'embed-x', ttftMs: null }),
      span('orphan', 'o.1', {}),
    ];
    const exporter = createOtlpSpanExporter(receiver.url, {
      serviceName: 'bench',
      maxBatchSpans: 2,
      providers: { 'vendor-a': 'openai' },
    });
    await exporter.export(spans, tasks, RUN_EPOCH_WALL_MS);
    await exporter.close();
    // 2 task roots + 4 spans of known tasks, 2 per request; the orphan has no trace to join.
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 2]);

    const first = await receiver.waitForTrace(traceIdFor('run-1', 'e1'), { quietMs: 10, timeoutMs: 5000 });
    expect(first).toHaveLength(4);
    const root = first.find((candidate) => candidate.parentSpanId === null)!;
    expect(root.name).toBe('invoke_agent demo');
    expect(root.resource['service.name']).toBe('bench');
    expect(root.startTimeUnixNano).toBe(1_700_000_000_010_500_000n);
    expect(root.endTimeUnixNano).toBe(1_700_000_000_112_750_000n);
    expect(root.attributes['agentperf.passed']).toBe(true);

    const chat = first.find((candidate) => candidate.spanId === spanIdFor('run-1', 'e1.1'))!;
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(chat.name).toBe('chat gpt-x');
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-x',
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.finish_reasons': ['stop'],
      'agentperf.endpoint': 'vendor-a',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 40,
      'agentperf.kind': 'chat',
      'agentperf.placement': 'h100',
      'agentperf.cost_usd': 0.002,
      'agentperf.ttft_ms': 5,
      'gen_ai.server.time_to_first_token': 0.005,
    });
    const tool = first.find((candidate) => candidate.name === 'execute_tool search')!;
    expect(tool.parentSpanId).toBe(spanIdFor('run-1', 'e1.2'));
    expect(tool.status).toEqual({ code: 2, message: 'no index' });
    expect(tool.attributes['gen_ai.tool.name']).toBe('search');

    const second = await receiver.waitForTrace(traceIdFor('run-1', 'e2'), { quietMs: 10, timeoutMs: 5000 });
    expect(second.map((candidate) => candidate.attributes['gen_ai.operation.name']).sort()).toEqual([
      'embeddings',
      'invoke_agent',
    ]);
  });

  it('fails loudly, without the headers, when the collector refuses', async () => {
    const exporter = createOtlpSpanExporter(`${receiver.url}/v1/nothing-here`, {
      headers: { authorization: 'Bearer secret-token-123456' },
    });
    const failure = await exporter.export([], [task('e3')], RUN_EPOCH_WALL_MS).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/HTTP 404/);
    expect((failure as Error).message).not.toContain('secret-token');
  });

  it('retries 429 and 503 answers, honouring Retry-After, then delivers', async () => {
    const answers = [429, 503];
    const waits: number[] = [];
    let requests = 0;
    const flaky = createServer((request, response) => {
      requests += 1;
      request.resume();
      request.on('end', () => {
        const status = answers.shift();
        if (status === undefined) {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          response.writeHead(status, status === 429 ? { 'retry-after': '2' } : {}).end('busy');
        }
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = flaky.address() as AddressInfo;
      const exporter = createOtlpSpanExporter(`http://127.0.0.1:${port}`, {
        env: {},
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      await exporter.export([], [task('e4')], RUN_EPOCH_WALL_MS);
      expect(requests).toBe(3);
      // Retry-After: 2 s for the 429; the first exponential step for the 503.
      expect(waits).toEqual([2000, 1000]);
      answers.push(503, 503, 503, 503, 503);
      const failure = await exporter
        .export([], [task('e5')], RUN_EPOCH_WALL_MS)
        .catch((error: Error) => error);
      expect((failure as Error).message).toMatch(/HTTP 503 after 5 attempts/);
    } finally {
      await new Promise((resolve) => flaky.close(resolve));
    }
  });
});

describe('OTLP exporter settings from the environment', () => {
  it('reads the standard OTEL_EXPORTER_OTLP_* variables, signal-specific ones first', () => {
    expect(
      resolveOtlpTarget('', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc,x-tenant=a',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=b',
        OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
        OTEL_SERVICE_NAME: 'my-agent',
      }),
    ).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: { authorization: 'Bearer abc', 'x-tenant': 'b' },
      timeoutMs: 2500,
      serviceName: 'my-agent',
    });
    expect(
      resolveOtlpTarget(undefined, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom/path',
      }).tracesUrl,
    ).toBe('http://b:4318/custom/path');
    // An explicit --otlp URL wins over the environment.
    expect(
      resolveOtlpTarget('http://c:4318', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318' }).tracesUrl,
    ).toBe('http://c:4318/v1/traces');
  });

  it('says how to fix a --otlp without URL and no variable', () => {
    expect(() => resolveOtlpTarget('', {})).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('names providers by protocol, never by endpoint name', () => {
    expect(
      providerNames({
        vllm: { type: 'openai', baseUrl: 'http://127.0.0.1:8000/v1' } as never,
        claude: { type: 'anthropic' } as never,
        rr: { type: 'rerank', shape: 'cohere-v2' } as never,
        sim: { type: 'simulator' } as never,
      }),
    ).toEqual({ vllm: 'openai', claude: 'anthropic', rr: 'cohere', sim: 'agentperf.simulator' });
  });
});
