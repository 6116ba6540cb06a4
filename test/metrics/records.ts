import { blankSpan } from '../../src/context/blank-span.js';
import type { SpanRecord, TaskRecord } from '../../src/spec/index.js';

let nextSpanId = 0;

/** A span record with neutral defaults (the runner's own `blankSpan`); tests override what they are about. */
export function span(
  fields: Partial<SpanRecord> & Pick<SpanRecord, 'kind' | 'startMs' | 'endMs'>,
): SpanRecord {
  nextSpanId++;
  const base = blankSpan({
    spanId: `s${nextSpanId}`,
    taskExecId: 't1',
    parentId: null,
    kind: fields.kind,
    name: fields.kind,
    startMs: fields.startMs,
    endMs: fields.endMs,
  });
  // Unpriced unless a test prices it: cost attribution treats null as "not priced", not as free.
  return { ...base, costUsd: null, ...fields };
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
