import type { MetricBlock, SpanRecord, TaskRecord } from '../spec/index.js';
import { summarizeColumn, type SummarizeOptions } from './latency-summary.js';
import {
  type MeasuredWindow,
  measuredTasks,
  perSecond,
  spansOfTasks,
  windowSeconds,
} from './measured-window.js';
import { SpanDigest } from './span-digest.js';
import { TaskDigest, type TaskFold } from './task-digest.js';

/**
 * The four numbers over a set of task records: latency (all and passed
 * only), steps/s, cost, pass rate and goodput. Warm-up tasks and their
 * spans are dropped here whatever the caller passes. Rates are over
 * `window` (the level's measured window, also for a per-task block, so
 * per-task rates add up to the level's).
 *
 * Every task record is a finished execution, so "completed" counts them
 * all: errored ones too, which never pass.
 */
export function computeMetricBlock(
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
  window: MeasuredWindow | null,
  options: SummarizeOptions = {},
): MetricBlock {
  const measured = measuredTasks(tasks);
  const workSteps = SpanDigest.of(measured, spansOfTasks(spans, measured)).workStepsIn(window);
  return metricBlockOfFold(TaskDigest.of(measured).level, workSteps, window, options);
}

/**
 * computeMetricBlock from the end times of the tasks' work steps (a
 * SpanDigest column) instead of the spans themselves.
 */
export function metricBlockOf(
  tasks: readonly TaskRecord[],
  workEndsMs: readonly number[],
  window: MeasuredWindow | null,
  options: SummarizeOptions = {},
): MetricBlock {
  let workSteps = 0;
  if (window !== null)
    for (const endMs of workEndsMs) if (endMs >= window.startMs && endMs <= window.endMs) workSteps++;
  return metricBlockOfFold(TaskDigest.of(tasks).level, workSteps, window, options);
}

/**
 * The metric block of tasks already folded into columns (a TaskDigest's
 * level or task name), with the number of their work steps that ended in
 * the window (SpanDigest.workStepsIn).
 */
export function metricBlockOfFold(
  fold: TaskFold,
  workSteps: number,
  window: MeasuredWindow | null,
  options: SummarizeOptions = {},
): MetricBlock {
  const seconds = windowSeconds(window);
  return {
    tasksCompleted: fold.completed,
    tasksPassed: fold.passed,
    tasksErrored: fold.errored,
    e2eMs: summarizeColumn(fold.e2eMs, options),
    passedE2eMs: summarizeColumn(fold.passedE2eMs, options),
    stepsPerSecond: perSecond(workSteps, seconds),
    tasksPerSecond: perSecond(fold.completed, seconds),
    goodputTasksPerSecond: perSecond(fold.passed, seconds),
    passRate: fold.completed === 0 ? null : fold.passed / fold.completed,
    costPerTaskUsd: fold.costSummary(),
    costPerPassedTaskUsd: fold.costPerPassedTask(),
    ...(fold.faults.size === 0 ? {} : { faults: fold.faults.summary() }),
  };
}
