import type { SpanRecord, TaskRecord, ToolSummary } from '../spec/index.js';
import { criticalPathSegments } from './critical-path-segments.js';
import { measuredTasks } from './measured-window.js';
import { isToolCallSpan, networkMsOf, networkOverlapMs } from './network-share.js';
import { SampleColumn } from './sample-column.js';

interface ToolAccumulator {
  placement: string;
  durations: SampleColumn;
  network: SampleColumn;
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
  for (const span of spans) spansByTask.get(span.taskExecId)?.push(span);
  const fold = new ToolFold();
  for (const task of measured) fold.addTask(task, spansByTask.get(task.taskExecId)!);
  return fold.summary();
}

/** summarizeTools folded in task by task, so the runner need not keep spans once their task ends. */
export class ToolFold {
  private readonly tools = new Map<string, ToolAccumulator>();
  private pathMsTotal = 0;

  private toolOf(span: SpanRecord): ToolAccumulator {
    let tool = this.tools.get(span.name);
    if (tool === undefined) {
      tool = {
        placement: span.placement ?? 'local',
        durations: new SampleColumn(),
        network: new SampleColumn(),
        pathMs: 0,
        networkPathMs: 0,
      };
      this.tools.set(span.name, tool);
    }
    return tool;
  }

  /** Folds one measured task with all of its spans. */
  addTask(task: TaskRecord, spans: readonly SpanRecord[]): void {
    for (const span of spans) {
      if (!isToolCallSpan(span)) continue;
      const tool = this.toolOf(span);
      tool.durations.push(span.endMs - span.startMs);
      if (span.networkMs !== null && span.networkMs !== undefined) tool.network.push(networkMsOf(span));
    }
    for (const segment of criticalPathSegments(spans, task)) {
      const ms = segment.endMs - segment.startMs;
      this.pathMsTotal += ms;
      if (segment.span === null || !isToolCallSpan(segment.span)) continue;
      const tool = this.toolOf(segment.span);
      const network = networkOverlapMs(segment.span, segment.startMs, segment.endMs);
      tool.networkPathMs += network;
      tool.pathMs += ms - network;
    }
  }

  /** Adds another fold's tasks (another worker's or shard's part of the level). */
  merge(other: ToolFold): void {
    for (const [name, theirs] of other.tools) {
      const ours = this.tools.get(name);
      if (ours === undefined) {
        const copy = { ...theirs, durations: new SampleColumn(), network: new SampleColumn() };
        copy.durations.append(theirs.durations);
        copy.network.append(theirs.network);
        this.tools.set(name, copy);
        continue;
      }
      ours.durations.append(theirs.durations);
      ours.network.append(theirs.network);
      ours.pathMs += theirs.pathMs;
      ours.networkPathMs += theirs.networkPathMs;
    }
    this.pathMsTotal += other.pathMsTotal;
  }

  summary(): Record<string, ToolSummary> {
    const share = (ms: number) => (this.pathMsTotal > 0 ? ms / this.pathMsTotal : 0);
    const percentiles = (values: SampleColumn) => ({
      p50: values.quantile(0.5),
      p95: values.quantile(0.95),
      p99: values.quantile(0.99),
    });
    const summaries: Record<string, ToolSummary> = {};
    for (const name of [...this.tools.keys()].sort()) {
      const tool = this.tools.get(name)!;
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
}
