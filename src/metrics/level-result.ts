import type { HarnessHealth, LevelResult, MetricBlock, SpanRecord, TaskRecord } from '../spec/index.js';
import type { SummarizeOptions } from './latency-summary.js';
import { measuredTasks, windowSeconds } from './measured-window.js';
import { metricBlockOfFold } from './metric-block.js';
import { SpanDigest } from './span-digest.js';
import { stepKindsOf } from './step-kinds.js';
import { TaskDigest } from './task-digest.js';

/** Everything computeLevelResult needs about one level. */
export interface LevelInput {
  /** Level label, e.g. "c16" or "r2.5" (as in TaskRecord.level). */
  label: string;
  mode: 'closed' | 'open';
  /** Closed loop: number of agents. */
  concurrency?: number;
  /** Open loop: scheduled arrivals per second. */
  arrivalRatePerS?: number;
  arrivalProcess?: 'poisson' | 'constant';
  fabric: string;
  /**
   * Every task record of this level, warm-up included (it is counted, then
   * excluded); or, instead, their digest folded in as tasks ended.
   */
  tasks: readonly TaskRecord[] | TaskDigest;
  /** Every span of this level's tasks; or, instead, their digest folded in as tasks ended. */
  spans: readonly SpanRecord[] | SpanDigest;
  harness: HarnessHealth;
  /** True when the run was interrupted during this level. */
  partial: boolean;
}

/**
 * One entry of results.json `levels`: the level's metric block, per task
 * blocks (rates over the level's window) and per step kind summaries, all
 * computed from the records alone with warm-up excluded.
 */
export function computeLevelResult(input: LevelInput, options: SummarizeOptions = {}): LevelResult {
  const tasks = input.tasks instanceof TaskDigest ? input.tasks : TaskDigest.of(input.tasks);
  let digest: SpanDigest;
  if (input.spans instanceof SpanDigest) digest = input.spans;
  else if (input.tasks instanceof TaskDigest)
    throw new TypeError(
      'computeLevelResult: task digests go with span digests (spans are folded with their task)',
    );
  else digest = SpanDigest.of(measuredTasks(input.tasks), input.spans);
  const window = tasks.window();
  const byTask: Record<string, MetricBlock> = {};
  for (const [name, fold] of tasks.byTask) {
    byTask[name] = metricBlockOfFold(fold, digest.workStepsIn(window, name), window, options);
  }
  return {
    label: input.label,
    mode: input.mode,
    ...(input.concurrency === undefined ? {} : { concurrency: input.concurrency }),
    ...(input.arrivalRatePerS === undefined ? {} : { arrivalRatePerS: input.arrivalRatePerS }),
    ...(input.arrivalProcess === undefined ? {} : { arrivalProcess: input.arrivalProcess }),
    fabric: input.fabric,
    wallS: windowSeconds(window),
    warmupTasks: tasks.warmupTasks,
    ...metricBlockOfFold(tasks.level, digest.workStepsIn(window), window, options),
    byTask,
    byStepKind: stepKindsOf(digest),
    servingByRole: digest.serving.figures(windowSeconds(window)),
    byTool: digest.tools.summary(),
    ...(digest.stepFaults.size === 0 ? {} : { stepFaults: digest.stepFaults.summary() }),
    ...(digest.estimatedSteps === 0 ? {} : { estimatedUsage: digest.estimatedUsage() }),
    harness: input.harness,
    partial: input.partial,
  };
}

/** Records of a run split by level label, in order of first appearance (spans follow their task's level). */
export function splitByLevel(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
): Map<string, { tasks: TaskRecord[]; spans: SpanRecord[] }> {
  const levels = new Map<string, { tasks: TaskRecord[]; spans: SpanRecord[] }>();
  const levelOfTask = new Map<string, string>();
  for (const task of tasks) {
    levelOfTask.set(task.taskExecId, task.level);
    const level = levels.get(task.level);
    if (level === undefined) levels.set(task.level, { tasks: [task], spans: [] });
    else level.tasks.push(task);
  }
  for (const span of spans) {
    const label = levelOfTask.get(span.taskExecId);
    if (label !== undefined) levels.get(label)!.spans.push(span);
  }
  return levels;
}
