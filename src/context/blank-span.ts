import type { SpanRecord, StepKind } from '../spec/index.js';

/**
 * A span with every measurement at its neutral value; callers fill in what
 * they measured. One place, so a new SpanRecord field gets one default.
 */
export function blankSpan(init: {
  spanId: string;
  taskExecId: string;
  parentId: string | null;
  kind: StepKind;
  name: string;
  startMs: number;
  endMs: number;
}): SpanRecord {
  return {
    ...init,
    role: null,
    endpoint: null,
    placement: null,
    ttftMs: null,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    status: 'ok',
    error: null,
    retries: 0,
    retryWaitMs: 0,
    networkMs: null,
    queueWaitMs: 0,
    finishReason: null,
    itlMs: null,
    simulated: false,
  };
}
