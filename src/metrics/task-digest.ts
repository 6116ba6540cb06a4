import type { CostSummary, TaskRecord } from '../spec/index.js';
import type { MeasuredWindow } from './measured-window.js';
import { FaultFold } from './fault-summary.js';
import { SampleColumn } from './sample-column.js';
import { isPassed } from './task-outcome.js';

/**
 * What a metric block needs from a set of measured tasks, as columns and
 * counts: 8 bytes per task per latency or cost column instead of the task
 * record, up to EXACT_SAMPLES a column (then a histogram: sample-column.ts). Folded in record order, so its sums are the ones a pass over the
 * records gives.
 */
export class TaskFold {
  completed = 0;
  passed = 0;
  errored = 0;
  /** Tasks whose cost is unknown (an unpriced step). */
  unpriced = 0;
  /** Sum of the known costs, in record order (costPerPassedTask). */
  costTotal = 0;
  readonly e2eMs = new SampleColumn();
  readonly passedE2eMs = new SampleColumn();
  /** Scaled by 1e6 into the histogram if it spills: costs are fractions of a cent. */
  readonly knownCostsUsd = new SampleColumn(undefined, 1e6);
  /** Errored tasks per fault class, with an example message each. */
  readonly faults = new FaultFold();

  add(task: TaskRecord): void {
    this.completed++;
    this.e2eMs.push(task.e2eMs);
    if (isPassed(task)) {
      this.passed++;
      this.passedE2eMs.push(task.e2eMs);
    }
    if (task.error !== null) {
      this.errored++;
      this.faults.add(task.fault, task.error);
    }
    if (task.costUsd === null) this.unpriced++;
    else {
      this.knownCostsUsd.push(task.costUsd);
      this.costTotal += task.costUsd;
    }
  }

  /** Adds another fold's tasks (as if they had been added after this one's). */
  merge(other: TaskFold): void {
    this.completed += other.completed;
    this.passed += other.passed;
    this.errored += other.errored;
    this.unpriced += other.unpriced;
    this.costTotal += other.costTotal;
    this.e2eMs.append(other.e2eMs);
    this.passedE2eMs.append(other.passedE2eMs);
    this.knownCostsUsd.append(other.knownCostsUsd);
    this.faults.merge(other.faults);
  }

  /**
   * Cost per completed task: mean and p95 over the tasks whose cost is
   * known; unpriced tasks are counted, not guessed (see summarizeCost).
   */
  costSummary(): CostSummary {
    const costs = this.knownCostsUsd;
    const sorted = costs.sorted();
    // Summed in ascending order while exact (as summarizeCost does); in arrival order once spilled.
    let total = costs.sum;
    if (sorted !== null) {
      total = 0;
      for (const cost of sorted) total += cost;
    }
    return {
      mean: costs.length === 0 ? null : total / costs.length,
      p95: costs.quantile(0.95),
      unpricedTasks: this.unpriced,
    };
  }

  /** Total cost / passed tasks; null when nothing passed or any cost is unknown (see costPerPassedTask). */
  costPerPassedTask(): number | null {
    if (this.unpriced > 0 || this.passed === 0) return null;
    return this.costTotal / this.passed;
  }
}

/**
 * A level's task records folded as they finish: one TaskFold for the level,
 * one per task name (in order of first appearance), the warm-up count and
 * the measured window. Nothing per task is kept but its column entries.
 * Mergeable: the digests of two halves of a level, merged, give the level's
 * metric blocks (percentiles and counts exactly; sums up to rounding).
 */
export class TaskDigest {
  readonly level = new TaskFold();
  readonly byTask = new Map<string, TaskFold>();
  warmupTasks = 0;
  private startMs = Number.POSITIVE_INFINITY;
  private endMs = Number.NEGATIVE_INFINITY;

  /** The digest of records already in memory. */
  static of(tasks: readonly TaskRecord[]): TaskDigest {
    const digest = new TaskDigest();
    for (const task of tasks) digest.addTask(task);
    return digest;
  }

  addTask(task: TaskRecord): void {
    if (task.warmup) {
      this.warmupTasks++;
      return;
    }
    this.level.add(task);
    this.foldOf(task.task).add(task);
    if (task.scheduledAtMs < this.startMs) this.startMs = task.scheduledAtMs;
    if (task.endMs > this.endMs) this.endMs = task.endMs;
  }

  merge(other: TaskDigest): void {
    this.level.merge(other.level);
    for (const [name, fold] of other.byTask) this.foldOf(name).merge(fold);
    this.warmupTasks += other.warmupTasks;
    this.startMs = Math.min(this.startMs, other.startMs);
    this.endMs = Math.max(this.endMs, other.endMs);
  }

  /** First scheduled start to last end of the measured tasks; null when none was measured. */
  window(): MeasuredWindow | null {
    return this.startMs === Number.POSITIVE_INFINITY ? null : { startMs: this.startMs, endMs: this.endMs };
  }

  private foldOf(name: string): TaskFold {
    let fold = this.byTask.get(name);
    if (fold === undefined) {
      fold = new TaskFold();
      this.byTask.set(name, fold);
    }
    return fold;
  }
}
