import { WORK_STEP_KINDS } from '../spec/index.js';
import type { SpanRecord, StepKind, TaskRecord } from '../spec/index.js';

/** The three instants of a task that bound its critical path (a TaskRecord fits). */
export type TaskTiming = Pick<TaskRecord, 'scheduledAtMs' | 'startMs' | 'endMs'>;

/** One stretch of a task's critical path: `kind` for `span`'s own time, or a gap (span null). */
export interface CriticalPathSegment {
  kind: StepKind;
  /** The span whose own time this is; null for queue and orchestration gaps. */
  span: SpanRecord | null;
  startMs: number;
  endMs: number;
}

/** Clock readings within this much of each other count as the same instant (float noise in ms). */
const SAME_INSTANT_MS = 1e-6;

const WORK_KINDS: ReadonlySet<StepKind> = new Set(WORK_STEP_KINDS);

/**
 * The chain of steps that determined when the task ended, as contiguous
 * segments from its scheduled start to its end (latest first). Their
 * durations sum to e2e (endMs − scheduledAtMs).
 *
 * Walk back from the task end: at each point take the not-yet-used sibling
 * span that ended last at or before that point, descend into it, then
 * continue from where it started. Spans that ran in parallel with a chosen
 * one are never counted a second time. When the last such span ended
 * before the point but another sibling was still in flight there, the time
 * back to the later of that sibling's start and the earlier end is the
 * in-flight sibling's: the agent was waiting on a step, not orchestrating.
 *
 * Nesting (ctx.span): siblings compete only with siblings. Inside a chosen
 * span the same walk runs over its children; the time they do not cover is
 * the span's own (a custom span's 'custom' time). Top-level spans are those
 * whose parentId is null or names no work span of this task.
 *
 * Gaps at the top level that no work span covers are 'queue' before the
 * task's actual start and 'orchestration' after. Recorded `queue` and
 * `orchestration` spans are ignored, so the result is the same whether or
 * not the recorder wrote them. Spans are clipped to the task's window.
 */
export function criticalPathSegments(spans: readonly SpanRecord[], task: TaskTiming): CriticalPathSegment[] {
  const workSpans = spans.filter((span) => WORK_KINDS.has(span.kind));
  const workIds = new Set(workSpans.map((span) => span.spanId));
  const childrenOf = new Map<string | null, SpanRecord[]>();
  for (const span of workSpans) {
    const parent = span.parentId !== null && workIds.has(span.parentId) ? span.parentId : null;
    const siblings = childrenOf.get(parent);
    if (siblings === undefined) childrenOf.set(parent, [span]);
    else siblings.push(span);
  }
  const segments: CriticalPathSegment[] = [];
  const gap = (fromMs: number, toMs: number) => splitGap(segments, task.startMs, fromMs, toMs);
  walk(childrenOf, null, task.scheduledAtMs, task.endMs, gap, segments);
  return segments;
}

/** Walks one container (the task, or a span) over [fromMs, toMs]; uncovered time goes to `own`. */
function walk(
  childrenOf: ReadonlyMap<string | null, SpanRecord[]>,
  containerId: string | null,
  fromMs: number,
  toMs: number,
  own: (fromMs: number, toMs: number) => void,
  segments: CriticalPathSegment[],
): void {
  // Latest end first: the cursor only moves back, so once a span ends after the cursor it always will.
  const byEnd = [...(childrenOf.get(containerId) ?? [])].sort((a, b) => b.endMs - a.endMs);
  const endedLater: SpanRecord[] = [];
  const descend = (span: SpanRecord, startMs: number, endMs: number) => {
    if (endMs <= startMs) return;
    const spanOwn = (start: number, end: number) =>
      segments.push({ kind: span.kind, span, startMs: start, endMs: end });
    walk(childrenOf, span.spanId, startMs, endMs, spanOwn, segments);
  };
  let cursor = toMs;
  let next = 0;
  while (cursor - fromMs > SAME_INSTANT_MS) {
    while (next < byEnd.length && byEnd[next]!.endMs > cursor + SAME_INSTANT_MS)
      endedLater.push(byEnd[next++]!);
    const ended = byEnd[next];
    const endedAtMs = ended === undefined ? fromMs : Math.max(ended.endMs, fromMs);
    if (ended !== undefined && endedAtMs >= cursor - SAME_INSTANT_MS) {
      next++;
      const startMs = Math.min(Math.max(ended.startMs, fromMs), cursor);
      descend(ended, startMs, cursor);
      cursor = startMs;
      continue;
    }
    const inFlight = earliestStartBefore(endedLater, cursor);
    if (inFlight !== null) {
      endedLater.splice(endedLater.indexOf(inFlight), 1);
      const startMs = Math.max(inFlight.startMs, endedAtMs);
      descend(inFlight, startMs, cursor);
      cursor = startMs;
      continue;
    }
    if (ended === undefined || ended.endMs <= fromMs) break;
    own(endedAtMs, cursor);
    cursor = endedAtMs;
  }
  if (cursor > fromMs) own(fromMs, cursor);
}

/** The span still in flight at `atMs` that started first, or null. */
function earliestStartBefore(spans: readonly SpanRecord[], atMs: number): SpanRecord | null {
  let earliest: SpanRecord | null = null;
  for (const span of spans) {
    if (span.startMs < atMs - SAME_INSTANT_MS && (earliest === null || span.startMs < earliest.startMs))
      earliest = span;
  }
  return earliest;
}

/** A top-level gap: the part before the actual start is queue, the rest orchestration. */
function splitGap(
  segments: CriticalPathSegment[],
  actualStartMs: number,
  fromMs: number,
  toMs: number,
): void {
  if (toMs > actualStartMs) {
    segments.push({
      kind: 'orchestration',
      span: null,
      startMs: Math.max(fromMs, actualStartMs),
      endMs: toMs,
    });
  }
  if (fromMs < actualStartMs) {
    segments.push({ kind: 'queue', span: null, startMs: fromMs, endMs: Math.min(toMs, actualStartMs) });
  }
}
