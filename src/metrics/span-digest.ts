import {
  type EstimatedUsage,
  type SpanRecord,
  type StepKind,
  type TaskRecord,
  WORK_STEP_KINDS,
} from '../spec/index.js';
import { criticalPath } from './critical-path.js';
import { FaultFold } from './fault-summary.js';
import type { MeasuredWindow } from './measured-window.js';
import { networkMsOf } from './network-share.js';
import { SampleColumn } from './sample-column.js';
import { ServingFold } from './serving-figures.js';
import { TaskDigest } from './task-digest.js';
import { ToolFold } from './tool-summary.js';

const WORK_KINDS: ReadonlySet<StepKind> = new Set(WORK_STEP_KINDS);

/**
 * What a level's results need from its spans, folded in task by task so no
 * span outlives its task: per step kind the durations (a number column,
 * for exact percentiles) and the summed critical-path time (computed when
 * the task ends), and per task name the end times of its work steps (for
 * steps per second over a window known only when the level ends). About
 * 16 bytes per span instead of the span itself (the number columns are
 * arrays of doubles, which V8 stores unboxed at 8 bytes a value). Warm-up
 * tasks count for nothing. Digests merge (see merge).
 */
export class SpanDigest {
  /**
   * Work steps of measured tasks per task name that ended within their own
   * task's [scheduled, end] (so within any measured window: a count is
   * enough), and the end times (ms since run start) of those that did not.
   */
  readonly workStepsInsideByTask = new Map<string, number>();
  readonly workEndsOutsideByTask = new Map<string, number[]>();
  /** Span durations (ms) per step kind, measured tasks only. */
  readonly durationsByKind = new Map<string, SampleColumn>();
  /** Critical-path ms per step kind, summed over measured tasks. */
  readonly pathMsByKind = new Map<string, number>();
  pathMsTotal = 0;
  /** Per tool: durations, network legs and critical-path time (byTool). */
  readonly tools = new ToolFold();
  /** Chat calls of measured tasks, folded into the serving figures per role (TTFT, TPOT columns). */
  readonly serving = new ServingFold();
  /** Failed steps per fault class. */
  readonly stepFaults = new FaultFold();
  /** Priced cost of every step, and of the steps whose usage was estimated, with their count. */
  costUsd = 0;
  estimatedCostUsd = 0;
  estimatedSteps = 0;

  /** The digest of records already in memory (reports, merge, tests). */
  static of(tasks: readonly TaskRecord[], spans: readonly SpanRecord[]): SpanDigest {
    const spansByTask = new Map<string, SpanRecord[]>();
    for (const task of tasks) if (!task.warmup) spansByTask.set(task.taskExecId, []);
    for (const span of spans) spansByTask.get(span.taskExecId)?.push(span);
    const digest = new SpanDigest();
    for (const task of tasks) {
      const taskSpans = spansByTask.get(task.taskExecId);
      if (taskSpans !== undefined) digest.addTask(task, taskSpans);
    }
    return digest;
  }

  /** Folds one finished task with all of its spans. */
  addTask(task: TaskRecord, spans: readonly SpanRecord[]): void {
    if (task.warmup) return;
    let inside = 0;
    for (const span of spans) {
      if (WORK_KINDS.has(span.kind)) {
        if (span.endMs >= task.scheduledAtMs && span.endMs <= task.endMs) inside++;
        else this.outsideEndsOf(task.task).push(span.endMs);
      }
      this.durationsOf(span.kind).push(span.endMs - span.startMs);
      // A placed tool's network legs, as their own pseudo-kind (its calls stay counted under their kind).
      if (span.networkMs !== null && span.networkMs !== undefined)
        this.durationsOf('network').push(networkMsOf(span));
      this.serving.addSpan(span);
      if (span.status !== 'ok') this.stepFaults.add(span.fault, span.error);
      const cost = span.costUsd ?? 0;
      this.costUsd += cost;
      if (span.usageEstimated === true) {
        this.estimatedSteps += 1;
        this.estimatedCostUsd += cost;
      }
    }
    this.workStepsInsideByTask.set(task.task, (this.workStepsInsideByTask.get(task.task) ?? 0) + inside);
    this.tools.addTask(task, spans);
    for (const [kind, ms] of Object.entries(criticalPath(spans, task))) {
      this.pathMsByKind.set(kind, (this.pathMsByKind.get(kind) ?? 0) + ms);
      this.pathMsTotal += ms;
    }
  }

  /** The steps whose usage was estimated and their share of cost; undefined when there were none. */
  estimatedUsage(): EstimatedUsage | undefined {
    if (this.estimatedSteps === 0) return undefined;
    return {
      steps: this.estimatedSteps,
      costUsd: this.estimatedCostUsd,
      costShare: this.costUsd > 0 ? this.estimatedCostUsd / this.costUsd : null,
    };
  }

  /**
   * Adds another digest (the same level's tasks folded elsewhere: another
   * worker thread, another shard). Columns are appended and sums added, so
   * the digests of two halves of a level, merged, give the level's figures:
   * percentiles and counts exactly, shares up to floating-point rounding.
   */
  merge(other: SpanDigest): void {
    for (const [name, count] of other.workStepsInsideByTask)
      this.workStepsInsideByTask.set(name, (this.workStepsInsideByTask.get(name) ?? 0) + count);
    for (const [name, ends] of other.workEndsOutsideByTask)
      for (const end of ends) this.outsideEndsOf(name).push(end);
    for (const [kind, durations] of other.durationsByKind) this.durationsOf(kind).append(durations);
    for (const [kind, ms] of other.pathMsByKind)
      this.pathMsByKind.set(kind, (this.pathMsByKind.get(kind) ?? 0) + ms);
    this.pathMsTotal += other.pathMsTotal;
    this.tools.merge(other.tools);
    this.serving.merge(other.serving);
    this.stepFaults.merge(other.stepFaults);
    this.costUsd += other.costUsd;
    this.estimatedCostUsd += other.estimatedCostUsd;
    this.estimatedSteps += other.estimatedSteps;
  }

  /**
   * Work steps of the given task name (all names when omitted) that ended
   * inside the window: what steps per second counts.
   */
  workStepsIn(window: MeasuredWindow | null, taskName?: string): number {
    if (window === null) return 0;
    const names = taskName === undefined ? [...this.workStepsInsideByTask.keys()] : [taskName];
    let steps = 0;
    for (const name of names) {
      steps += this.workStepsInsideByTask.get(name) ?? 0;
      for (const endMs of this.workEndsOutsideByTask.get(name) ?? [])
        if (endMs >= window.startMs && endMs <= window.endMs) steps++;
    }
    return steps;
  }

  private outsideEndsOf(name: string): number[] {
    let ends = this.workEndsOutsideByTask.get(name);
    if (ends === undefined) {
      ends = [];
      this.workEndsOutsideByTask.set(name, ends);
    }
    return ends;
  }

  private durationsOf(kind: string): SampleColumn {
    let durations = this.durationsByKind.get(kind);
    if (durations === undefined) {
      durations = new SampleColumn();
      this.durationsByKind.set(kind, durations);
    }
    return durations;
  }
}

/**
 * Spans of running tasks, held until their task ends and then folded into
 * a SpanDigest, and the task records themselves folded into a TaskDigest:
 * the runner's memory for a level is its columns plus the tasks in flight,
 * not its records.
 */
export class SpanCollector {
  readonly digest = new SpanDigest();
  readonly tasks = new TaskDigest();
  private readonly open = new Map<string, SpanRecord[]>();

  addSpan(span: SpanRecord): void {
    const spans = this.open.get(span.taskExecId);
    if (spans === undefined) this.open.set(span.taskExecId, [span]);
    else spans.push(span);
  }

  /** The task ended: it and its spans are digested, and its spans dropped. */
  addTask(task: TaskRecord): void {
    this.tasks.addTask(task);
    this.digest.addTask(task, this.open.get(task.taskExecId) ?? []);
    this.open.delete(task.taskExecId);
  }

  /** Spans of executions that never produced a record (an interrupted run): dropped. */
  discardOpen(): void {
    this.open.clear();
  }
}
