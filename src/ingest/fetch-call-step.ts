import { type FetchCallRecord, fetchFault } from '../endpoints/index.js';
import type { ExternalStep } from '../spec/index.js';

/**
 * A model call seen on the wire (by the recording proxy) as a step. The
 * endpoint and placement are the upstream's host unless the caller names
 * them; a call without reported usage stays unpriced rather than free.
 */
export function stepOfFetchCall(
  record: FetchCallRecord,
  labels: { endpoint: string; placement: string },
): ExternalStep {
  const kind = record.api === 'openai-embeddings' ? 'embed' : 'chat';
  const failed = record.error !== null || (record.status !== null && record.status >= 400);
  const step: ExternalStep = {
    kind,
    name: record.model ?? record.url,
    startAt: record.startMs,
    endAt: record.endMs,
    firstTokenAt: record.firstTokenAtMs,
    endpoint: labels.endpoint,
    placement: labels.placement,
    model: record.model,
    inputTokens: record.usage?.inputTokens ?? 0,
    cachedInputTokens: record.usage?.cachedInputTokens ?? 0,
    outputTokens: record.usage?.outputTokens ?? 0,
    reasoningTokens: record.usage?.reasoningTokens ?? 0,
    status: failed ? 'error' : 'ok',
    error: record.error?.message ?? (failed ? `HTTP ${record.status}` : null),
    ...(failed ? { fault: fetchFault(record) ?? 'step error' } : {}),
    ...(record.usageEstimated ? { usageEstimated: true } : {}),
    finishReason: record.finishReason,
    interTokenGapsMs: record.interTokenGapsMs,
  };
  // A failed call billed nothing we can see; a successful one without usage has an unknown cost.
  if (failed) step.costUsd = 0;
  else if (record.usage === null) step.costUsd = null;
  return step;
}
