import type { TaskRecord } from '../spec/index.js';
import type { FoldedSpan } from './step-breakdown.js';

/** One task drawn as bars: the spans it ran, times relative to its scheduled start. */
export interface Waterfall {
  title: string;
  task: string;
  caseId: string;
  e2eMs: number;
  passed: boolean;
  error: string | null;
  /** Time between scheduled and actual start. */
  queueMs: number;
  bars: WaterfallBar[];
}

export interface WaterfallBar {
  kind: string;
  name: string;
  startMs: number;
  endMs: number;
  ttftMs: number | null;
  status: 'ok' | 'error' | 'timeout';
  error: string | null;
}

/** Spans kept per waterfall: a pathological task must not bloat the report. */
const MAX_BARS = 400;

/** The measured task at the given quantile of end-to-end latency (nearest rank). */
export function taskAtQuantile(sortedTasks: readonly TaskRecord[], q: number): TaskRecord | null {
  if (sortedTasks.length === 0) return null;
  const rank = Math.min(sortedTasks.length - 1, Math.max(0, Math.ceil(q * sortedTasks.length) - 1));
  return sortedTasks[rank]!;
}

export function waterfallOf(title: string, task: TaskRecord, spans: readonly FoldedSpan[]): Waterfall {
  const origin = task.scheduledAtMs;
  const bars = spans
    .filter((span) => span.kind !== 'orchestration' && span.kind !== 'queue')
    .sort((left, right) => left.startMs - right.startMs)
    .slice(0, MAX_BARS)
    .map((span) => ({
      kind: span.kind,
      name: span.name,
      startMs: span.startMs - origin,
      endMs: span.endMs - origin,
      ttftMs: span.ttftMs,
      status: span.status,
      error: span.error,
    }));
  return {
    title,
    task: task.task,
    caseId: task.caseId,
    e2eMs: task.e2eMs,
    passed: task.passed,
    error: task.error,
    queueMs: Math.max(0, task.startMs - task.scheduledAtMs),
    bars,
  };
}
