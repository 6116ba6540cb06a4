import { describe, expect, it } from 'vitest';
import { servingFiguresByRole } from '../../src/metrics/index.js';
import type { SpanRecord } from '../../src/spec/index.js';

function chat(role: string, fields: Partial<SpanRecord>): SpanRecord {
  return {
    spanId: 's',
    taskExecId: 't',
    parentId: null,
    kind: 'chat',
    role,
    name: 'model',
    endpoint: 'api',
    placement: 'gpu',
    startMs: 0,
    endMs: 100,
    ttftMs: 20,
    inputTokens: 10,
    cachedInputTokens: 0,
    outputTokens: 9,
    reasoningTokens: 0,
    costUsd: 0,
    status: 'ok',
    error: null,
    retries: 0,
    retryWaitMs: 0,
    queueWaitMs: 0,
    finishReason: 'stop',
    itlMs: [8, 10, 10, 10],
    simulated: false,
    ...fields,
  };
}

describe('servingFiguresByRole', () => {
  it('computes TTFT, TPOT, pooled ITL mean and output tokens/s per role as vLLM bench serve defines them', () => {
    const figures = servingFiguresByRole(
      [
        chat('planner', {}),
        // Waited 10 ms for a client-side slot: the server's TTFT is 30 ms, not 40.
        chat('planner', {
          startMs: 0,
          endMs: 200,
          ttftMs: 40,
          queueWaitMs: 10,
          outputTokens: 17,
          itlMs: [4, 40, 40, 40],
        }),
        chat('planner', { status: 'error', ttftMs: 999 }),
        chat('worker', { ttftMs: null, itlMs: null, outputTokens: 5 }),
        { ...chat('tool-ish', {}), kind: 'tool' },
      ],
      2,
    );
    expect(Object.keys(figures)).toEqual(['planner', 'worker']);
    const planner = figures.planner!;
    expect(planner.requests).toBe(2);
    expect(planner.streamed).toBe(2);
    expect(planner.ttftMs).toEqual({ p50: 25, p95: 29.5, p99: 29.9 });
    // (100 − 20) / 8 = 10 ms and (200 − 40) / 16 = 10 ms per output token after the first.
    expect(planner.tpotMs!.p50).toBeCloseTo(10);
    // Pooled over every gap: (80 + 160) ms of decode over 8 + 4 gaps.
    expect(planner.itlMeanMs).toBeCloseTo(20);
    expect(planner.outputTokensPerS).toBe(13);
    const worker = figures.worker!;
    expect(worker).toMatchObject({ requests: 1, streamed: 0, ttftMs: null, tpotMs: null, itlMeanMs: null });
    expect(worker.outputTokensPerS).toBe(2.5);
  });
});
