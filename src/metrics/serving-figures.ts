import type { ServingFigures, SpanRecord } from '../spec/index.js';
import { perSecond } from './measured-window.js';
import { quantile, sortedCopy } from './quantile.js';

/**
 * Serving figures per chat role over a level's measured spans, with the
 * definitions of vLLM's serving benchmark: TTFT per call; TPOT per call as
 * (latency − TTFT) / (output tokens − 1); ITL over every inter-chunk gap of
 * every call (here its mean, from each call's decode time and gap count);
 * output throughput as output tokens over the level's window. Failed calls
 * count in none of them.
 */
export function servingFiguresByRole(
  spans: readonly SpanRecord[],
  windowSeconds: number,
): Record<string, ServingFigures> {
  const byRole = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    if (span.kind !== 'chat' || span.status !== 'ok' || span.role === null) continue;
    const list = byRole.get(span.role);
    if (list === undefined) byRole.set(span.role, [span]);
    else list.push(span);
  }
  const figures: Record<string, ServingFigures> = {};
  for (const role of [...byRole.keys()].sort())
    figures[role] = servingFigures(byRole.get(role)!, windowSeconds);
  return figures;
}

function servingFigures(calls: readonly SpanRecord[], windowSeconds: number): ServingFigures {
  const ttft: number[] = [];
  const tpot: number[] = [];
  let decodeMs = 0;
  let gaps = 0;
  let outputTokens = 0;
  for (const call of calls) {
    outputTokens += call.outputTokens;
    if (call.ttftMs === null) continue;
    // The span starts before any wait for the endpoint's client-side slot; the server never saw that wait.
    ttft.push(Math.max(0, call.ttftMs - call.queueWaitMs));
    const afterFirstMs = call.endMs - call.startMs - call.ttftMs;
    if (call.outputTokens > 1) tpot.push(afterFirstMs / (call.outputTokens - 1));
    if (call.itlMs !== null && call.itlMs[0] > 0) {
      decodeMs += afterFirstMs;
      gaps += call.itlMs[0];
    }
  }
  return {
    requests: calls.length,
    streamed: ttft.length,
    ttftMs: percentiles(ttft),
    tpotMs: percentiles(tpot),
    itlMeanMs: gaps > 0 ? decodeMs / gaps : null,
    outputTokensPerS: perSecond(outputTokens, windowSeconds),
  };
}

function percentiles(samples: number[]): { p50: number; p95: number; p99: number } | null {
  if (samples.length === 0) return null;
  const sorted = sortedCopy(samples);
  return { p50: quantile(sorted, 0.5)!, p95: quantile(sorted, 0.95)!, p99: quantile(sorted, 0.99)! };
}
