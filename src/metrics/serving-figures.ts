import type { ServingFigures, SpanRecord } from '../spec/index.js';
import { perSecond } from './measured-window.js';
import { SampleColumn } from './sample-column.js';

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
  const fold = new ServingFold();
  for (const span of spans) fold.addSpan(span);
  return fold.figures(windowSeconds);
}

interface RoleAccumulator {
  requests: number;
  ttft: SampleColumn;
  tpot: SampleColumn;
  decodeMs: number;
  gaps: number;
  outputTokens: number;
}

/**
 * servingFiguresByRole folded in span by span: per role two number columns
 * (TTFT, TPOT) and three sums, so no chat span is kept. Mergeable: the fold
 * of two halves of a level, merged, gives the figures of the whole (sums up
 * to floating-point rounding).
 */
export class ServingFold {
  private readonly roles = new Map<string, RoleAccumulator>();

  private roleOf(role: string): RoleAccumulator {
    let accumulator = this.roles.get(role);
    if (accumulator === undefined) {
      accumulator = {
        requests: 0,
        ttft: new SampleColumn(),
        tpot: new SampleColumn(),
        decodeMs: 0,
        gaps: 0,
        outputTokens: 0,
      };
      this.roles.set(role, accumulator);
    }
    return accumulator;
  }

  addSpan(span: SpanRecord): void {
    if (span.kind !== 'chat' || span.status !== 'ok' || span.role === null) return;
    const role = this.roleOf(span.role);
    role.requests++;
    role.outputTokens += span.outputTokens;
    if (span.ttftMs === null) return;
    // The span starts before any wait for the endpoint's client-side slot; the server never saw that wait.
    role.ttft.push(Math.max(0, span.ttftMs - span.queueWaitMs));
    const afterFirstMs = span.endMs - span.startMs - span.ttftMs;
    if (span.outputTokens > 1) role.tpot.push(afterFirstMs / (span.outputTokens - 1));
    if (span.itlMs !== null && span.itlMs[0] > 0) {
      role.decodeMs += afterFirstMs;
      role.gaps += span.itlMs[0];
    }
  }

  /** Adds another fold's calls (another worker's or shard's part of the level). */
  merge(other: ServingFold): void {
    for (const [name, theirs] of other.roles) {
      const ours = this.roleOf(name);
      ours.requests += theirs.requests;
      ours.ttft.append(theirs.ttft);
      ours.tpot.append(theirs.tpot);
      ours.decodeMs += theirs.decodeMs;
      ours.gaps += theirs.gaps;
      ours.outputTokens += theirs.outputTokens;
    }
  }

  figures(windowSeconds: number): Record<string, ServingFigures> {
    const figures: Record<string, ServingFigures> = {};
    for (const name of [...this.roles.keys()].sort()) {
      const role = this.roles.get(name)!;
      figures[name] = {
        requests: role.requests,
        streamed: role.ttft.length,
        ttftMs: percentiles(role.ttft),
        tpotMs: percentiles(role.tpot),
        itlMeanMs: role.gaps > 0 ? role.decodeMs / role.gaps : null,
        outputTokensPerS: perSecond(role.outputTokens, windowSeconds),
      };
    }
    return figures;
  }
}

function percentiles(samples: SampleColumn): { p50: number; p95: number; p99: number } | null {
  if (samples.length === 0) return null;
  return { p50: samples.quantile(0.5)!, p95: samples.quantile(0.95)!, p99: samples.quantile(0.99)! };
}
