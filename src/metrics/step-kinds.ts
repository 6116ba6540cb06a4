import type { SpanRecord, StepKindSummary, TaskRecord } from '../spec/index.js';
import { measuredTasks } from './measured-window.js';
import { SampleColumn } from './sample-column.js';
import { SpanDigest } from './span-digest.js';

/**
 * Per step kind: how many spans, their durations (p50/p95/p99), and the
 * share of the level's summed critical-path time spent in that kind.
 * `network` is the placed tools' network time: count and durations are of
 * the network part of each placed call, and its share is taken out of the
 * tool and retrieval shares. Kinds
 * that appear only on the critical path (orchestration and queue gaps the
 * recorder did not write as spans) are listed with count 0.
 */
export function summarizeStepKinds(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
): Record<string, StepKindSummary> {
  return stepKindsOf(SpanDigest.of(measuredTasks(tasks), spans));
}

/** summarizeStepKinds from a SpanDigest (spans already folded in task by task). */
export function stepKindsOf(digest: SpanDigest): Record<string, StepKindSummary> {
  const { durationsByKind, pathMsByKind, pathMsTotal } = digest;
  const kinds = [...new Set([...durationsByKind.keys(), ...pathMsByKind.keys()])].sort();
  const summaries: Record<string, StepKindSummary> = {};
  for (const kind of kinds) {
    const durations = durationsByKind.get(kind) ?? new SampleColumn();
    summaries[kind] = {
      count: durations.length,
      ms: { p50: durations.quantile(0.5), p95: durations.quantile(0.95), p99: durations.quantile(0.99) },
      criticalPathShare: pathMsTotal > 0 ? (pathMsByKind.get(kind) ?? 0) / pathMsTotal : 0,
    };
  }
  return summaries;
}
