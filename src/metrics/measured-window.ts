import type { SpanRecord, TaskRecord } from '../spec/index.js';

/** The span of time a level's rates are measured over, ms since run start. */
export interface MeasuredWindow {
  startMs: number;
  endMs: number;
}

/** Tasks that count: everything but warm-up executions. */
export function measuredTasks(tasks: readonly TaskRecord[]): TaskRecord[] {
  return tasks.filter((task) => !task.warmup);
}

/** The spans that belong to the given tasks (warm-up spans drop out with their tasks). */
export function spansOfTasks(spans: readonly SpanRecord[], tasks: readonly TaskRecord[]): SpanRecord[] {
  const taskExecIds = new Set(tasks.map((task) => task.taskExecId));
  return spans.filter((span) => taskExecIds.has(span.taskExecId));
}

/**
 * First scheduled start to last end of the measured (non-warm-up) tasks.
 * Counting from the scheduled start keeps a queue that built up in open
 * loop inside the window. Null when no task was measured.
 */
export function measuredWindow(tasks: readonly TaskRecord[]): MeasuredWindow | null {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const task of tasks) {
    if (task.warmup) continue;
    startMs = Math.min(startMs, task.scheduledAtMs);
    endMs = Math.max(endMs, task.endMs);
  }
  return startMs === Number.POSITIVE_INFINITY ? null : { startMs, endMs };
}

/** Window length in seconds (0 for no window). */
export function windowSeconds(window: MeasuredWindow | null): number {
  return window === null ? 0 : (window.endMs - window.startMs) / 1000;
}

/** count / seconds, or 0 when the window has no length (a rate over nothing is not infinite). */
export function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? count / seconds : 0;
}
