import { type CdfPoint, cdfPoints } from '../analysis/index.js';
import type { LevelResult, RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import type { ReportInput } from './report-input.js';
import { addTaskBreakdown, type CategoryTotals, emptyTotals, sharesOf } from './step-breakdown.js';
import { taskAtQuantile, type Waterfall, waterfallOf } from './waterfall.js';

/** Everything a report shows for one level, aggregated so its size does not grow with the run. */
export interface LevelView {
  result: LevelResult;
  cdf: CdfPoint[];
  passedCdf: CdfPoint[];
  /** Critical-path milliseconds per category, summed over the level's tasks. */
  criticalPathMs: CategoryTotals;
  criticalPathShare: CategoryTotals;
  waterfalls: Waterfall[];
}

export interface ReportModel {
  results: RunResults;
  levels: LevelView[];
  /** Task records that were missing spans (the breakdown leaves them out). */
  tasksWithoutSpans: number;
}

/** Aggregates a run into what the reports draw: one pass over tasks and spans. */
export function buildReportModel(input: ReportInput): ReportModel {
  const spansByTask = groupSpans(input.spans);
  const tasksByLevel = new Map<string, TaskRecord[]>();
  for (const task of input.tasks) {
    if (task.warmup) continue;
    const list = tasksByLevel.get(task.level);
    if (list === undefined) tasksByLevel.set(task.level, [task]);
    else list.push(task);
  }
  let tasksWithoutSpans = 0;
  const levels = input.results.levels.map((result): LevelView => {
    const tasks = tasksByLevel.get(result.label) ?? [];
    const totals = emptyTotals();
    // Summed in file order, as the streamed model (stream-report-model.ts) sums them, so both give the same bits.
    for (const task of tasks) {
      const spans = spansByTask.get(task.taskExecId);
      if (spans === undefined) tasksWithoutSpans++;
      addTaskBreakdown(task, spans ?? [], totals);
    }
    tasks.sort((left, right) => left.e2eMs - right.e2eMs);
    const e2e = Float64Array.from(tasks, (task) => task.e2eMs);
    const passed = Float64Array.from(
      tasks.filter((task) => task.passed),
      (task) => task.e2eMs,
    );
    const waterfalls: Waterfall[] = [];
    const median = taskAtQuantile(tasks, 0.5);
    const tail = taskAtQuantile(tasks, 0.99);
    if (median !== null)
      waterfalls.push(waterfallOf('median task', median, spansByTask.get(median.taskExecId) ?? []));
    if (tail !== null && tail !== median) {
      waterfalls.push(waterfallOf('p99 task', tail, spansByTask.get(tail.taskExecId) ?? []));
    }
    return {
      result,
      cdf: cdfPoints(e2e),
      passedCdf: cdfPoints(passed),
      criticalPathMs: totals,
      criticalPathShare: sharesOf(totals),
      waterfalls,
    };
  });
  return { results: input.results, levels, tasksWithoutSpans };
}

function groupSpans(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const byTask = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const list = byTask.get(span.taskExecId);
    if (list === undefined) byTask.set(span.taskExecId, [span]);
    else list.push(span);
  }
  return byTask;
}
