import type { SpanRecord, StepKind } from '../spec/index.js';
import { type CriticalPathSegment, criticalPathSegments, type TaskTiming } from './critical-path-segments.js';

/** Milliseconds of one task's critical path per step kind; sums to the task's e2e. */
export type CriticalPathByKind = Partial<Record<StepKind, number>>;

/**
 * Where one task's end-to-end time went, per step kind, counting only the
 * chain of steps that determined its end (parallel steps do not add up).
 * See criticalPathSegments for the walk and how nesting and gaps count.
 */
export function criticalPath(spans: readonly SpanRecord[], task: TaskTiming): CriticalPathByKind {
  return sumByKind(criticalPathSegments(spans, task));
}

/** Sums segment durations per kind. */
export function sumByKind(segments: readonly CriticalPathSegment[]): CriticalPathByKind {
  const byKind: CriticalPathByKind = {};
  for (const segment of segments) {
    byKind[segment.kind] = (byKind[segment.kind] ?? 0) + (segment.endMs - segment.startMs);
  }
  return byKind;
}
