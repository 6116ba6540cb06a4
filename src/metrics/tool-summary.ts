import type { SpanRecord, TaskRecord, ToolSummary } from '../spec/index.js';
import { criticalPathSegments } from './critical-path-segments.js';
import { measuredTasks } from './measured-window.js';
import { isToolCallSpan, networkMsOf, networkOverlapMs } from './network-share.js';
import { quantile, sortedCopy } from './quantile.js';

interface ToolAccumulator {
  placement: string;
  durations: number[];
  network: number[];
  pathMs: number;
  networkPathMs: number;
}

/**
 * Per tool: its calls' durations, the network part of them when the fabric
 * placed the tool away from the agent, and the shares of the level's summed
 * critical path spent executing it and on its network (the same walk as
 * byStepKind, so the shares add up with the other kinds).
 */
export function summarizeTools(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
): Record<string, ToolSummary> {
  const measured = measuredTasks(tasks);
  const spansByTask = new Map<string, SpanRecord[]>();
  for (const task of measured) spansByTask.set(task.taskExecId, []);
  const tools = new Map<string, ToolAccumulator>();
  const toolOf = (span: SpanRecord): ToolAccumulator => {
    let tool = tools.get(span.name);
    if (tool === undefined) {
      tool = {
        placement: span.placement ?? 'local',
        durations: [],
        network: [],
        pathMs: 0,
        networkPathMs: 0,
      };
      tools.set(span.name, tool);
    }
    return tool;
  };
  for (const span of spans) {
    const taskSpans = spansByTask.get(span.taskExecId);
    if (taskSpans === undefined) continue;
    taskSpans.push(span);
    if (!isToolCallSpan(span)) continue;
    const tool = toolOf(span);
    tool.durations.push(span.endMs - span.startMs);
    if (span.networkMs !== null && span.networkMs !== undefined) tool.network.push(networkMsOf(span));
  }
  let pathMsTotal = 0;
  for (const task of measured) {
    for (const segment of criticalPathSegments(spansByTask.get(task.taskExecId)!, task)) {
      const ms = segment.endMs - segment.startMs;
      pathMsTotal += ms;
      if (segment.span === null || !isToolCallSpan(segment.span)) continue;
      const tool = toolOf(segment.span);
      const network = networkOverlapMs(segment.span, segment.startMs, segment.endMs);
      tool.networkPathMs += network;
      tool.pathMs += ms - network;
    }
  }
  const share = (ms: number) => (pathMsTotal > 0 ? ms / pathMsTotal : 0);
  const percentiles = (values: number[]) => {
    const sorted = sortedCopy(values);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
  };
  const summaries: Record<string, ToolSummary> = {};
  for (const name of [...tools.keys()].sort()) {
    const tool = tools.get(name)!;
    summaries[name] = {
      placement: tool.placement,
      count: tool.durations.length,
      ms: percentiles(tool.durations),
      networkMs: tool.network.length > 0 ? percentiles(tool.network) : null,
      criticalPathShare: share(tool.pathMs),
      networkCriticalPathShare: share(tool.networkPathMs),
    };
  }
  return summaries;
}
