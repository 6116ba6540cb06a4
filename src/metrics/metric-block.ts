import type { MetricBlock, SpanRecord, TaskRecord } from '../spec/index.js';
import { costPerPassedTask, summarizeCost } from './cost-summary.js';
import { taskFaults } from './fault-summary.js';
import { summarizeLatency, type SummarizeOptions } from './latency-summary.js';
import {
  type MeasuredWindow,
  measuredTasks,
  perSecond,
  spansOfTasks,
  windowSeconds,
} from './measured-window.js';
import { stepsPerSecondOfEnds } from './steps-per-second.js';
import { SpanDigest } from './span-digest.js';
import { isPassed } from './task-outcome.js';

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
  const measured = measuredTasks(tasks);
  const passed = measured.filter(isPassed);
  const seconds = windowSeconds(window);
  const errored = measured.filter((task) => task.error !== null);
  const block: MetricBlock = {
    tasksCompleted: measured.length,
    tasksPassed: passed.length,
    tasksErrored: errored.length,
    e2eMs: summarizeLatency(
      measured.map((task) => task.e2eMs),
      options,
    ),
    passedE2eMs: summarizeLatency(
      passed.map((task) => task.e2eMs),
      options,
    ),
    stepsPerSecond: stepsPerSecondOfEnds(workEndsMs, window),
    tasksPerSecond: perSecond(measured.length, seconds),
    goodputTasksPerSecond: perSecond(passed.length, seconds),
    passRate: measured.length === 0 ? null : passed.length / measured.length,
    costPerTaskUsd: summarizeCost(measured),
    costPerPassedTaskUsd: costPerPassedTask(measured),
  };
  if (errored.length > 0) block.faults = taskFaults(errored);
  return block;
}
