import type { SpanRecord, StepKind } from '../spec/index.js';
import { networkOverlapMs } from './network-share.js';
import { type CriticalPathSegment, criticalPathSegments, type TaskTiming } from './critical-path-segments.js';

/**
 * Milliseconds of one task's critical path per step kind, plus `network`:
 * the part of placed tools' calls spent on the (simulated) network to their
 * host, taken out of their kind. Sums to the task's e2e.
 */
export type CriticalPathByKind = Partial<Record<StepKind | 'network', number>>;

/**
 * Where one task's end-to-end time went, per step kind, counting only the
 * chain of steps that determined its end (parallel steps do not add up).
 * See criticalPathSegments for the walk and how nesting and gaps count.
 */
export function criticalPath(spans: readonly SpanRecord[], task: TaskTiming): CriticalPathByKind {
  return sumByKind(criticalPathSegments(spans, task));
}

/** Sums segment durations per kind; a placed tool's network time goes to `network`. */
export function sumByKind(segments: readonly CriticalPathSegment[]): CriticalPathByKind {
  const byKind: CriticalPathByKind = {};
  for (const segment of segments) {
    const network =
      segment.span === null ? 0 : networkOverlapMs(segment.span, segment.startMs, segment.endMs);
    if (network > 0) byKind.network = (byKind.network ?? 0) + network;
    byKind[segment.kind] = (byKind[segment.kind] ?? 0) + (segment.endMs - segment.startMs) - network;
  }
  return byKind;
}
