import {
  costOf,
  type FetchCallRecord,
  fetchFault,
  instrumentFetch,
  resolvePrices,
} from '../endpoints/index.js';
import { redact } from '../redact.js';
import type { ExternalStep, SpanRecord } from '../spec/index.js';
import type { Execution } from './execution.js';
import { summarizeGaps } from './inter-token.js';

/**
 * Turns a step measured elsewhere into a span of this execution. Model
 * steps without a cost are priced from the bundled price table by model
 * name; an unknown model stays unpriced (null), never 0.
 */
export function externalSpan(execution: Execution, parentId: string | null, step: ExternalStep): SpanRecord {
  const model = step.model ?? null;
  let cost = step.costUsd;
  if (cost === undefined) {
    const isModel = step.kind === 'chat' || step.kind === 'embed' || step.kind === 'rerank';
    cost = isModel && model !== null ? costOf(usageOf(step), resolvePrices(model)) : isModel ? null : 0;
  }
  const span: SpanRecord = {
    spanId: execution.nextSpanId(),
    taskExecId: execution.init.taskExecId,
    parentId,
    kind: step.kind,
    role: step.role ?? null,
    name: step.name,
    endpoint: step.endpoint ?? null,
    placement: step.placement ?? null,
    startMs: execution.relative(step.startAt),
    endMs: execution.relative(step.endAt),
    ttftMs:
      step.firstTokenAt === undefined || step.firstTokenAt === null ? null : step.firstTokenAt - step.startAt,
    inputTokens: step.inputTokens ?? 0,
    cachedInputTokens: step.cachedInputTokens ?? 0,
    outputTokens: step.outputTokens ?? 0,
    reasoningTokens: step.reasoningTokens ?? 0,
    costUsd: cost,
    status: step.status ?? 'ok',
    error: step.error === undefined || step.error === null ? null : redact(step.error),
    retries: 0,
    retryWaitMs: 0,
    networkMs: null,
    queueWaitMs: 0,
    finishReason: step.finishReason ?? null,
    itlMs: step.interTokenGapsMs === undefined ? null : summarizeGaps(step.interTokenGapsMs),
    simulated: false,
  };
  if (span.status === 'error') span.fault = step.fault ?? 'step error';
  if (step.usageEstimated === true) span.usageEstimated = true;
  return span;
}

function usageOf(step: ExternalStep) {
  return {
    inputTokens: step.inputTokens ?? 0,
    cachedInputTokens: step.cachedInputTokens ?? 0,
    outputTokens: step.outputTokens ?? 0,
    reasoningTokens: step.reasoningTokens ?? 0,
  };
}

/**
 * The fetch an agent hands to its own SDK: every call through it becomes a
 * step (model calls with tokens and time to first token), and in-flight
 * calls hold off orchestration gaps like any other step.
 */
export function recordingFetch(execution: Execution, parentId: string | null): typeof fetch {
  const clock = execution.init.clock;
  return instrumentFetch(globalThis.fetch, {
    clock,
    onStart: () => execution.stepStarted(clock.now()),
    onEnd: (record: FetchCallRecord) => {
      const step = stepOfFetch(record);
      execution.stepEnded(record.endMs);
      execution.record(externalSpan(execution, parentId, step));
    },
  });
}

function stepOfFetch(record: FetchCallRecord): ExternalStep {
  const host = safeHost(record.url);
  const kind = record.api === 'openai-embeddings' ? 'embed' : record.api === 'other' ? 'custom' : 'chat';
  const failed = record.error !== null || (record.status !== null && record.status >= 400);
  return {
    kind,
    name: record.model ?? `${record.method} ${host}`,
    startAt: record.startMs,
    endAt: record.endMs,
    firstTokenAt: record.firstTokenAtMs,
    endpoint: host,
    placement: host,
    model: record.model,
    inputTokens: record.usage?.inputTokens ?? 0,
    cachedInputTokens: record.usage?.cachedInputTokens ?? 0,
    outputTokens: record.usage?.outputTokens ?? 0,
    reasoningTokens: record.usage?.reasoningTokens ?? 0,
    ...(kind === 'custom' ? { costUsd: 0 } : record.usage === null ? { costUsd: failed ? 0 : null } : {}),
    status: failed ? 'error' : 'ok',
    error: record.error?.message ?? (failed ? `HTTP ${record.status}` : null),
    ...(failed ? { fault: fetchFault(record) ?? 'step error' } : {}),
    ...(record.usageEstimated ? { usageEstimated: true } : {}),
    finishReason: record.finishReason,
    interTokenGapsMs: record.interTokenGapsMs,
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
}
