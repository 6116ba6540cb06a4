import type { SpanRecord, TaskRecord } from '../../src/spec/index.js';

let nextSpanId = 0;

/** A span record with neutral defaults; tests override what they are about. */
export function span(
  fields: Partial<SpanRecord> & Pick<SpanRecord, 'kind' | 'startMs' | 'endMs'>,
): SpanRecord {
  nextSpanId++;
  return {
    spanId: `s${nextSpanId}`,
    taskExecId: 't1',
    parentId: null,
    role: null,
    name: fields.kind,
    endpoint: null,
    placement: null,
    ttftMs: null,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    status: 'ok',
    error: null,
    retries: 0,
    retryWaitMs: 0,
    queueWaitMs: 0,
    finishReason: null,
    itlMs: null,
    simulated: false,
    ...fields,
  };
}

/** A finished task record; e2eMs follows from scheduledAtMs and endMs unless given. */
export function task(fields: Partial<TaskRecord> & Pick<TaskRecord, 'taskExecId'>): TaskRecord {
  const scheduledAtMs = fields.scheduledAtMs ?? fields.startMs ?? 0;
  const endMs = fields.endMs ?? scheduledAtMs + 100;
  return {
    runId: 'run1',
    level: 'c1',
    task: 'demo',
    caseId: 'case0',
    fabric: 'sim',
    warmup: false,
    scheduledAtMs,
    startMs: scheduledAtMs,
    endMs,
    e2eMs: endMs - scheduledAtMs,
    passed: true,
    score: 1,
    error: null,
    gradeReason: null,
    costUsd: 0.01,
    pricedCostUsd: fields.costUsd ?? 0.01,
    steps: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    ...fields,
  };
}

/** Deterministic PRNG (mulberry32) so sampled tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
