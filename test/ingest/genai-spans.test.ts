import { describe, expect, it } from 'vitest';
import { type OtelSpan, stepKindOf, stepsFromSpans } from '../../src/ingest/index.js';

/** Times in ms since a fixed origin, so harness readings come out as plain numbers. */
const ORIGIN_MS = 1_700_000_000_000;
const at = (ms: number) => BigInt(Math.round((ORIGIN_MS + ms) * 1e6));
const options = { timeOrigin: ORIGIN_MS };

function span(partial: Partial<OtelSpan> & { spanId: string; name: string }): OtelSpan {
  return {
    traceId: 't'.repeat(32),
    parentSpanId: null,
    kind: 1,
    startTimeUnixNano: at(0),
    endTimeUnixNano: at(10),
    attributes: {},
    events: [],
    status: { code: 0, message: '' },
    resource: { 'service.name': 'svc' },
    scope: 'x',
    ...partial,
  };
}

describe('GenAI semantic conventions → steps', () => {
  it('maps each operation to its step kind and ignores non-GenAI spans', () => {
    const kind = (operation: string) =>
      stepKindOf(span({ spanId: '1', name: 'x', attributes: { 'gen_ai.operation.name': operation } }));
    expect(kind('chat')).toBe('chat');
    expect(kind('text_completion')).toBe('chat');
    expect(kind('generate_content')).toBe('chat');
    expect(kind('embeddings')).toBe('embed');
    expect(kind('execute_tool')).toBe('tool');
    expect(kind('retrieval')).toBe('retrieval');
    expect(kind('rerank')).toBe('rerank');
    expect(kind('create_agent')).toBe('custom');
    expect(stepKindOf(span({ spanId: '2', name: 'vector retriever' }))).toBe('retrieval');
    expect(
      stepKindOf(span({ spanId: '3', name: 'GET /db', attributes: { 'http.method': 'GET' } })),
    ).toBeNull();
  });

  it('reads tokens, model, provider, first token and status under current and older attribute names', () => {
    const steps = stepsFromSpans(
      [
        span({
          spanId: 'a',
          name: 'chat',
          startTimeUnixNano: at(100),
          endTimeUnixNano: at(400),
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'req-model',
            'gen_ai.response.model': 'resp-model',
            'gen_ai.provider.name': 'vendor-a',
            'gen_ai.usage.input_tokens': 120,
            'gen_ai.usage.output_tokens': 30,
            'gen_ai.usage.cache_read.input_tokens': 100,
            'gen_ai.server.time_to_first_token': 0.05,
            'gen_ai.response.finish_reasons': ['length'],
          },
        }),
        span({
          spanId: 'b',
          name: 'old',
          startTimeUnixNano: at(500),
          endTimeUnixNano: at(700),
          events: [{ name: 'gen_ai.first_token', timeUnixNano: at(560), attributes: {} }],
          attributes: {
            'gen_ai.operation.name': 'text_completion',
            'gen_ai.system': 'legacy-vendor',
            'gen_ai.request.model': 'old-model',
            'gen_ai.usage.prompt_tokens': 7,
            'gen_ai.usage.completion_tokens': 3,
          },
          status: { code: 2, message: 'overloaded' },
        }),
      ],
      options,
    );
    expect(steps).toHaveLength(2);
    const [first, second] = steps;
    expect(first).toMatchObject({
      kind: 'chat',
      name: 'resp-model',
      model: 'resp-model',
      endpoint: 'vendor-a',
      placement: 'vendor-a',
      inputTokens: 120,
      outputTokens: 30,
      cachedInputTokens: 100,
      finishReason: 'length',
      status: 'ok',
    });
    expect(first!.startAt).toBeCloseTo(100, 6);
    expect(first!.endAt).toBeCloseTo(400, 6);
    expect(first!.firstTokenAt).toBeCloseTo(150, 6);
    expect(second).toMatchObject({
      kind: 'chat',
      model: 'old-model',
      endpoint: 'legacy-vendor',
      inputTokens: 7,
      outputTokens: 3,
      status: 'error',
      error: 'overloaded',
    });
    expect(second!.firstTokenAt).toBeCloseTo(560, 6);
  });

  it('keeps only the innermost GenAI spans: containers would double-count tokens and hide the steps', () => {
    const steps = stepsFromSpans(
      [
        span({ spanId: 'http', name: 'POST /ask', attributes: { 'http.request.method': 'POST' } }),
        span({
          spanId: 'agent',
          parentSpanId: 'http',
          name: 'invoke_agent',
          attributes: { 'gen_ai.operation.name': 'invoke_agent' },
        }),
        span({
          spanId: 'wrapper',
          parentSpanId: 'agent',
          name: 'chat wrapper',
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 5 },
        }),
        span({
          spanId: 'inner',
          parentSpanId: 'wrapper',
          name: 'chat inner',
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 5 },
        }),
        span({
          spanId: 'tool',
          parentSpanId: 'agent',
          name: 'execute_tool',
          attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
        }),
      ],
      options,
    );
    expect(steps.map((step) => [step.kind, step.name])).toEqual([
      ['chat', 'chat inner'],
      ['tool', 'search'],
    ]);
    expect(steps.reduce((sum, step) => sum + (step.inputTokens ?? 0), 0)).toBe(5);
  });

  it('clamps steps into the request window (clock skew between processes is not work)', () => {
    const [step] = stepsFromSpans(
      [
        span({
          spanId: 'a',
          name: 'chat',
          startTimeUnixNano: at(90),
          endTimeUnixNano: at(250),
          attributes: { 'gen_ai.operation.name': 'chat' },
        }),
      ],
      { ...options, window: { startAt: 100, endAt: 200 } },
    );
    expect(step!.startAt).toBe(100);
    expect(step!.endAt).toBe(200);
  });
});
