import type { SpanRecord, StepKindSummary, TaskRecord } from '../spec/index.js';
import { criticalPath } from './critical-path.js';
import { networkMsOf } from './network-share.js';
import { measuredTasks } from './measured-window.js';
import { quantile, sortedCopy } from './quantile.js';

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
  const measured = measuredTasks(tasks);
  const spansByTask = new Map<string, SpanRecord[]>();
  for (const task of measured) spansByTask.set(task.taskExecId, []);
  const durationsByKind = new Map<string, number[]>();
  for (const span of spans) {
    const taskSpans = spansByTask.get(span.taskExecId);
    if (taskSpans === undefined) continue;
    taskSpans.push(span);
    const durations = durationsByKind.get(span.kind);
    if (durations === undefined) durationsByKind.set(span.kind, [span.endMs - span.startMs]);
    else durations.push(span.endMs - span.startMs);
    // A placed tool's network legs, as their own pseudo-kind (its calls stay counted under their kind).
    if (span.networkMs !== null && span.networkMs !== undefined) {
      const network = durationsByKind.get('network');
      if (network === undefined) durationsByKind.set('network', [networkMsOf(span)]);
      else network.push(networkMsOf(span));
    }
  }
  const pathMsByKind = new Map<string, number>();
  let pathMsTotal = 0;
  for (const task of measured) {
    for (const [kind, ms] of Object.entries(criticalPath(spansByTask.get(task.taskExecId)!, task))) {
      pathMsByKind.set(kind, (pathMsByKind.get(kind) ?? 0) + ms);
      pathMsTotal += ms;
    }
  }
  const kinds = [...new Set([...durationsByKind.keys(), ...pathMsByKind.keys()])].sort();
  const summaries: Record<string, StepKindSummary> = {};
  for (const kind of kinds) {
    const sorted = sortedCopy(durationsByKind.get(kind) ?? []);
    summaries[kind] = {
      count: sorted.length,
      ms: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) },
      criticalPathShare: pathMsTotal > 0 ? (pathMsByKind.get(kind) ?? 0) / pathMsTotal : 0,
    };
  }
  return summaries;
}
