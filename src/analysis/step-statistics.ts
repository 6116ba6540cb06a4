import { criticalPathSegments } from '../metrics/index.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';
import { quantile } from './quantile.js';

/** Per-run figures of one step kind or role at one level. */
export interface StepFigures {
  /** Step durations, ms. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Mean ms per task this kind (or role's steps) held the critical path; the kinds sum to mean e2e. */
  criticalPathMsPerTask: number | null;
  /** Share of the summed critical path. */
  criticalPathShare: number | null;
  /** Mean queue-slot plus retry wait per step, ms. */
  waitMsPerStep: number | null;
}

/** Step figures of one level of one run, keyed "kind chat" / "role planner". */
export type LevelStepFigures = Map<string, StepFigures>;

/**
 * Computes, for one level of one run, each step kind's and each role's
 * duration percentiles, critical-path time per task and waits. Critical
 * paths are recomputed from the spans so the per-kind deltas of two runs
 * add up to the change in mean end-to-end latency.
 */
export function levelStepFigures(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
): LevelStepFigures {
  const measured = tasks.filter((task) => !task.warmup);
  const byTask = new Map<string, SpanRecord[]>();
  for (const task of measured) byTask.set(task.taskExecId, []);
  for (const span of spans) byTask.get(span.taskExecId)?.push(span);
  const durations = new Map<string, number[]>();
  const waits = new Map<string, number>();
  const critical = new Map<string, number>();
  let criticalTotal = 0;
  const push = (key: string, span: SpanRecord) => {
    const list = durations.get(key) ?? [];
    if (list.length === 0) durations.set(key, list);
    list.push(span.endMs - span.startMs);
    waits.set(key, (waits.get(key) ?? 0) + span.queueWaitMs + span.retryWaitMs);
  };
  for (const task of measured) {
    const taskSpans = byTask.get(task.taskExecId)!;
    for (const span of taskSpans) {
      if (span.kind === 'orchestration' || span.kind === 'queue') continue;
      push(`kind ${span.kind}`, span);
      if (span.role !== null) push(`role ${span.role}`, span);
    }
    for (const segment of criticalPathSegments(taskSpans, task)) {
      const ms = segment.endMs - segment.startMs;
      critical.set(`kind ${segment.kind}`, (critical.get(`kind ${segment.kind}`) ?? 0) + ms);
      const role = segment.span?.role ?? null;
      if (role !== null) critical.set(`role ${role}`, (critical.get(`role ${role}`) ?? 0) + ms);
      criticalTotal += ms;
    }
  }
  const figures: LevelStepFigures = new Map();
  const keys = new Set([...durations.keys(), ...critical.keys()]);
  for (const key of [...keys].sort()) {
    const values = durations.get(key) ?? [];
    const criticalMs = critical.get(key) ?? 0;
    figures.set(key, {
      p50Ms: quantile(values, 0.5),
      p95Ms: quantile(values, 0.95),
      criticalPathMsPerTask: measured.length > 0 ? criticalMs / measured.length : null,
      criticalPathShare: criticalTotal > 0 ? criticalMs / criticalTotal : null,
      waitMsPerStep: values.length > 0 ? (waits.get(key) ?? 0) / values.length : null,
    });
  }
  return figures;
}
