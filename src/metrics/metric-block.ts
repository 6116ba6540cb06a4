import type { MetricBlock, SpanRecord, TaskRecord } from '../spec/index.js';
import { summarizeColumn, type SummarizeOptions } from './latency-summary.js';
import {
  type MeasuredWindow,
  measuredTasks,
  perSecond,
  spansOfTasks,
  windowSeconds,
} from './measured-window.js';
import { stepsPerSecondOfEnds } from './steps-per-second.js';
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
  const workEnds = SpanDigest.of(measured, spansOfTasks(spans, measured)).workEnds();
  return metricBlockOf(measured, workEnds, window, options);
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
  return metricBlockOfFold(TaskDigest.of(tasks).level, workEndsMs, window, options);
}

/** The metric block of tasks already folded into columns (a TaskDigest's level or task name). */
export function metricBlockOfFold(
  fold: TaskFold,
  workEndsMs: readonly number[],
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
    stepsPerSecond: stepsPerSecondOfEnds(workEndsMs, window),
    tasksPerSecond: perSecond(fold.completed, seconds),
    goodputTasksPerSecond: perSecond(fold.passed, seconds),
    passRate: fold.completed === 0 ? null : fold.passed / fold.completed,
    costPerTaskUsd: fold.costSummary(),
    costPerPassedTaskUsd: fold.costPerPassedTask(),
  };
}
