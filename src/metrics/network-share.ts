import type { SpanRecord } from '../spec/index.js';

/** A span's network time, ms: its networkMs clipped to its duration (0 when it had none). */
export function networkMsOf(span: Pick<SpanRecord, 'networkMs' | 'startMs' | 'endMs'>): number {
  const network = span.networkMs;
  if (network === null || network === undefined || network <= 0) return 0;
  return Math.min(network, span.endMs - span.startMs);
}

/**
 * How much of the stretch [fromMs, toMs] of a span was network. A call's
 * network time is its request leg before the tool ran and its reply leg
 * after; a span records only their sum, so each leg is taken as half (the
 * link is symmetric: see link-delay.ts), at the span's start and at its end.
 */
export function networkOverlapMs(
  span: Pick<SpanRecord, 'networkMs' | 'startMs' | 'endMs'>,
  fromMs: number,
  toMs: number,
): number {
  const network = networkMsOf(span);
  if (network === 0) return 0;
  const leg = network / 2;
  const overlap = (start: number, end: number) => Math.max(0, Math.min(toMs, end) - Math.max(fromMs, start));
  return overlap(span.startMs, span.startMs + leg) + overlap(span.endMs - leg, span.endMs);
}

/** True for the span of a call of a task tool (tool spans name the tool as their endpoint). */
export function isToolCallSpan(span: SpanRecord): boolean {
  return (span.kind === 'tool' || span.kind === 'retrieval') && span.endpoint !== null;
}
