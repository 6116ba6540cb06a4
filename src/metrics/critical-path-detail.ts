import type { SpanRecord } from '../spec/index.js';
import { networkMsOf } from './network-share.js';
import { type CriticalPathSegment, criticalPathSegments, type TaskTiming } from './critical-path-segments.js';

/**
 * The critical path in finer parts, for the report. Keys are the step kinds
 * (queue, orchestration, tool, …) plus:
 * - `prefill`: a streamed chat step from sending (after any waits) to its first token,
 * - `decode`: from the first token to the end of the call,
 * - `chat`: a chat step that was not streamed (no first-token time),
 * - `retryWait`: back-off between retries, in any kind of step,
 * - `network`: a placed tool's calls on the (simulated) network to its host,
 * - `queueWait`: waiting for a client-side concurrency slot, in any kind of step
 *   (not to be confused with `queue`, a task waiting past its scheduled start).
 * Values are ms and sum to the task's e2e.
 */
export type CriticalPathDetail = Record<string, number>;

/**
 * Splits each step's critical-path time by phase. A span records only the
 * totals of its waits, so they are placed where they happen first: the
 * concurrency-slot wait at the start, then retry back-off, then the
 * attempt that answered (prefill up to ttftMs, decode after).
 */
export function criticalPathDetail(spans: readonly SpanRecord[], task: TaskTiming): CriticalPathDetail {
  const detail: CriticalPathDetail = {};
  const add = (key: string, ms: number) => {
    if (ms > 0) detail[key] = (detail[key] ?? 0) + ms;
  };
  for (const segment of criticalPathSegments(spans, task)) {
    if (segment.span === null) add(segment.kind, segment.endMs - segment.startMs);
    else
      for (const phase of phasesOf(segment.span))
        add(phase.key, overlap(segment, phase.startMs, phase.endMs));
  }
  return detail;
}

interface Phase {
  key: string;
  startMs: number;
  endMs: number;
}

function phasesOf(span: SpanRecord): Phase[] {
  const clamp = (ms: number) => Math.min(Math.max(ms, span.startMs), span.endMs);
  const slotWaitEnd = clamp(span.startMs + span.queueWaitMs);
  const retryWaitEnd = clamp(slotWaitEnd + span.retryWaitMs);
  const phases: Phase[] = [
    { key: 'queueWait', startMs: span.startMs, endMs: slotWaitEnd },
    { key: 'retryWait', startMs: slotWaitEnd, endMs: retryWaitEnd },
  ];
  if (span.kind === 'chat' && span.ttftMs !== null) {
    const firstTokenAt = Math.max(clamp(span.startMs + span.ttftMs), retryWaitEnd);
    phases.push({ key: 'prefill', startMs: retryWaitEnd, endMs: firstTokenAt });
    phases.push({ key: 'decode', startMs: firstTokenAt, endMs: span.endMs });
  } else {
    const leg = networkMsOf(span) / 2;
    if (leg > 0) phases.push({ key: 'network', startMs: retryWaitEnd, endMs: clamp(retryWaitEnd + leg) });
    phases.push({ key: span.kind, startMs: clamp(retryWaitEnd + leg), endMs: clamp(span.endMs - leg) });
    if (leg > 0) phases.push({ key: 'network', startMs: clamp(span.endMs - leg), endMs: span.endMs });
  }
  return phases;
}

function overlap(segment: CriticalPathSegment, startMs: number, endMs: number): number {
  return Math.max(0, Math.min(segment.endMs, endMs) - Math.max(segment.startMs, startMs));
}
