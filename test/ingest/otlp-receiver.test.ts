import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiverHandle, startOtlpReceiver } from '../../src/ingest/index.js';
import { otelProvider } from './otel-fixture.js';

describe('OTLP/HTTP receiver', () => {
  let receiver: OtlpReceiverHandle;
  beforeAll(async () => {
    receiver = await startOtlpReceiver({ port: 0 });
  });
  afterAll(async () => {
    await receiver.close();
  });

  for (const protocol of ['json', 'protobuf'] as const) {
    it(`decodes spans a real SDK exports as ${protocol}, with ids, times, attributes, events and status`, async () => {
      const provider = otelProvider(receiver.tracesUrl, protocol);
      const tracer = provider.getTracer('test');
      const root = tracer.startSpan('root', { startTime: [1_700_000_000, 123_456_789] });
      const child = tracer.startSpan(
        'chat m',
        {
          startTime: [1_700_000_000, 200_000_000],
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.usage.input_tokens': 42,
            'gen_ai.server.time_to_first_token': 0.25,
            'gen_ai.response.finish_reasons': ['stop'],
            flag: true,
          },
        },
        trace.setSpan(ROOT_CONTEXT, root),
      );
      child.addEvent('gen_ai.first_token', undefined, [1_700_000_000, 300_000_000]);
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
      const traceId = root.spanContext().traceId;
      const waiting = receiver.waitForTrace(traceId, { quietMs: 50, timeoutMs: 10_000 });
      child.end([1_700_000_000, 900_000_001]);
      root.end([1_700_000_001, 0]);
      const spans = await waiting;
      await provider.shutdown();
      expect(spans).toHaveLength(2);
      const decodedRoot = spans.find((span) => span.name === 'root')!;
      const decodedChild = spans.find((span) => span.name === 'chat m')!;
      expect(decodedRoot.traceId).toBe(traceId);
      expect(decodedRoot.parentSpanId).toBeNull();
      expect(decodedChild.parentSpanId).toBe(root.spanContext().spanId);
      expect(decodedRoot.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
      expect(decodedChild.endTimeUnixNano).toBe(1_700_000_000_900_000_001n);
      expect(decodedChild.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 42,
        'gen_ai.server.time_to_first_token': 0.25,
        'gen_ai.response.finish_reasons': ['stop'],
        flag: true,
      });
      expect(decodedChild.events[0]).toMatchObject({
        name: 'gen_ai.first_token',
        timeUnixNano: 1_700_000_000_300_000_000n,
      });
      expect(decodedChild.status).toEqual({ code: 2, message: 'rate limited' });
      expect(decodedChild.resource['service.name']).toBe('fixture-agent');
    });
  }

  it('waits for the root span, not just the first span to arrive', async () => {
    const provider = otelProvider(receiver.tracesUrl, 'json');
    const tracer = provider.getTracer('test');
    const root = tracer.startSpan('root');
    const traceId = root.spanContext().traceId;
    const context = trace.setSpan(ROOT_CONTEXT, root);
    tracer.startSpan('first', {}, context).end();
    let settled = false;
    const waiting = receiver.waitForTrace(traceId, { quietMs: 20, timeoutMs: 20_000 }).then((spans) => {
      settled = true;
      return spans;
    });
    await provider.forceFlush();
    // The child is in; the trace is not complete until its root ends.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    tracer.startSpan('second', {}, context).end();
    root.end();
    const spans = await waiting;
    await provider.shutdown();
    expect(spans.map((span) => span.name).sort()).toEqual(['first', 'root', 'second']);
  });

  it('treats the span under the caller-sent parent as the root, and gives up at the timeout', async () => {
    const provider = otelProvider(receiver.tracesUrl, 'json');
    const tracer = provider.getTracer('test');
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: 1,
      isRemote: true,
    });
    tracer.startSpan('server', {}, remote).end();
    await provider.forceFlush();
    const spans = await receiver.waitForTrace('a'.repeat(32), {
      remoteParentSpanId: 'b'.repeat(16),
      quietMs: 10,
      timeoutMs: 20_000,
    });
    expect(spans.map((span) => span.name)).toEqual(['server']);
    // A trace that never arrives resolves empty at its timeout instead of hanging the task.
    expect(await receiver.waitForTrace('c'.repeat(32), { timeoutMs: 30 })).toEqual([]);
    await provider.shutdown();
  });

  it('answers 404 off /v1/traces and 400 for a body that is not OTLP', async () => {
    const missing = await fetch(`${receiver.url}/v1/metrics`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    const broken = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
  });

  it('returns the running receiver for a fixed port instead of failing to bind twice', async () => {
    const probe = await startOtlpReceiver({ port: 0 });
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const first = await startOtlpReceiver({ port });
    const second = await startOtlpReceiver({ port });
    expect(second).toBe(first);
    await first.close();
  });
});
