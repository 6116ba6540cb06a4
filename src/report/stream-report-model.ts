import { join } from 'node:path';
import { cdfPoints } from '../analysis/index.js';
import { NumberColumn } from '../metrics/index.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { jsonLineChunks, RecordCursor } from './json-line-chunks.js';
import { checkSpanRecords, checkTaskRecords } from './run-file-shapes.js';
import type { LevelView, ReportModel } from './report-model.js';
import {
  addTaskBreakdown,
  type CategoryTotals,
  emptyTotals,
  type FoldedSpan,
  foldedSpan,
  sharesOf,
} from './step-breakdown.js';
import { type Waterfall, waterfallOf } from './waterfall.js';

/**
 * How far (ms of the run's clock) the spans file may run ahead of a task's
 * end before the task's spans are taken as complete, for a task whose
 * record does not say how many it has (older runs, failed tasks). Spans
 * are written as they end, so a task's last span is at most a batch or two
 * behind the latest end read; a span that comes later still is caught at
 * the end and the report is rebuilt in memory, so this bounds memory, not
 * correctness.
 */
const SPAN_LAG_MS = 10_000;

/** The waterfalls a report draws per level: the task at each nearest rank of e2e latency. */
const PICKS = [
  { title: 'median task', q: 0.5 },
  { title: 'p99 task', q: 0.99 },
] as const;

interface Pick {
  title: string;
  /** The picked task's e2e latency and how many earlier tasks (file order) share it. */
  e2eMs: number;
  skip: number;
  waterfall: Waterfall | null;
}

/** What is kept of a task read ahead of its spans: the fields the breakdown reads, the record itself only for a possible pick. */
interface PendingTask {
  taskExecId: string;
  level: string;
  warmup: boolean;
  scheduledAtMs: number;
  startMs: number;
  endMs: number;
  e2eMs: number;
  /**
   * How many spans complete the task, when that is known: its record says
   * (`spans`) and it ended without an error. A failed task can have a
   * span recorded after its record (a call abandoned at a timeout), so it
   * waits for the horizon instead.
   */
  spanCount: number | null;
  whole: TaskRecord | null;
}

interface LevelFold {
  e2e: NumberColumn;
  passed: NumberColumn;
  totals: CategoryTotals;
  picks: Pick[];
}

/**
 * The report model of a finished run directory, built by streaming its
 * JSONL files: memory per task is a few numbers (latency columns, for the
 * exact CDF), and spans are held only until their task is folded. Two
 * passes over tasks.jsonl (the latency columns, which fix the waterfall
 * picks; then in step with spans.jsonl, whose spans are folded per task
 * when the task ends) and one over spans.jsonl. Returns null when the
 * spans file is not in end order closely enough to join in one pass (a
 * span came after its task was folded): the caller builds the model in
 * memory instead, so the result is always the one buildReportModel gives.
 */
export async function streamReportModel(
  directory: string,
  results: RunResults,
  notes: string[],
  /** Bytes read at a time (tests make it small to exercise the join across chunks). */
  chunkBytes?: number,
): Promise<ReportModel | null> {
  const tasksPath = join(directory, 'tasks.jsonl');
  const spansPath = join(directory, 'spans.jsonl');
  const folds = new Map<string, LevelFold>();
  for (const level of results.levels) {
    folds.set(level.label, {
      e2e: new NumberColumn(),
      passed: new NumberColumn(),
      totals: emptyTotals(),
      picks: [],
    });
  }
  let seen = 0;
  for await (const chunk of jsonLineChunks<TaskRecord>(tasksPath, notes, chunkBytes)) {
    checkTaskRecords(chunk, tasksPath, seen);
    seen += chunk.length;
    for (const task of chunk) {
      if (task.warmup) continue;
      const fold = folds.get(task.level);
      if (fold === undefined) continue;
      fold.e2e.push(task.e2eMs);
      if (task.passed) fold.passed.push(task.e2eMs);
    }
  }
  const sortedByLevel = new Map<string, Float64Array>();
  for (const [label, fold] of folds) {
    // Sorted in place: the column is not read again, and a copy would be 8 bytes more a task.
    const sorted = fold.e2e.view().sort();
    sortedByLevel.set(label, sorted);
    fold.picks = picksOf(sorted);
  }

  let tasksWithoutSpans = 0;
  // Only what the breakdown and the waterfall read is kept of a span until its task is folded.
  const open = new Map<string, FoldedSpan[]>();
  // A task that could be a waterfall pick (its e2e is a pick's) is kept whole until folded; the others as a few numbers.
  const pickValues = new Set<number>();
  for (const level of folds.values()) for (const pick of level.picks) pickValues.add(pick.e2eMs);
  const fold = (task: PendingTask) => {
    const spans = open.get(task.taskExecId);
    open.delete(task.taskExecId);
    if (task.warmup) return;
    const level = folds.get(task.level);
    if (level === undefined) return;
    if (spans === undefined) tasksWithoutSpans++;
    addTaskBreakdown(task, spans ?? [], level.totals);
    if (task.whole === null) return;
    for (const pick of level.picks) {
      if (pick.e2eMs !== task.e2eMs || pick.waterfall !== null) continue;
      if (pick.skip-- === 0) pick.waterfall = waterfallOf(pick.title, task.whole, spans ?? []);
    }
  };
  const complete = (task: PendingTask, horizon: number): boolean =>
    task.endMs <= horizon ||
    (task.spanCount !== null && (open.get(task.taskExecId)?.length ?? 0) === task.spanCount);
  const tasks = new RecordCursor(jsonLineChunks<TaskRecord>(tasksPath, [], chunkBytes));
  const pending: PendingTask[] = [];
  let head = 0;
  // Reads the tasks that ended by `latest` and folds those that ended SPAN_LAG_MS before it.
  const advance = async (latest: number) => {
    for (;;) {
      const task = tasks.current();
      if (task === undefined) {
        if (tasks.exhausted) break;
        await tasks.fill();
        continue;
      }
      if (task.endMs > latest) break;
      tasks.advance();
      pending.push({
        taskExecId: task.taskExecId,
        level: task.level,
        warmup: task.warmup,
        scheduledAtMs: task.scheduledAtMs,
        startMs: task.startMs,
        endMs: task.endMs,
        e2eMs: task.e2eMs,
        spanCount: task.error === null && task.spans !== undefined ? task.spans : null,
        whole: pickValues.has(task.e2eMs) ? task : null,
      });
    }
    // In file order (the breakdown's sums and the picks depend on it): a task whose spans are all
    // in is folded at once, one that may still have spans to come holds the tasks after it.
    const horizon = latest - SPAN_LAG_MS;
    while (head < pending.length && complete(pending[head]!, horizon)) fold(pending[head++]!);
    if (head > 4096 && head * 2 > pending.length) {
      pending.splice(0, head);
      head = 0;
    }
  };
  try {
    let latest = Number.NEGATIVE_INFINITY;
    let spansSeen = 0;
    for await (const chunk of jsonLineChunks<SpanRecord>(spansPath, notes, chunkBytes)) {
      checkSpanRecords(chunk, spansPath, spansSeen);
      spansSeen += chunk.length;
      for (const span of chunk) {
        if (span.endMs > latest) latest = span.endMs;
        const kept = foldedSpan(span);
        const list = open.get(span.taskExecId);
        if (list === undefined) open.set(span.taskExecId, [kept]);
        else list.push(kept);
      }
      await advance(latest);
    }
    await advance(Number.POSITIVE_INFINITY);
  } finally {
    await tasks.close();
  }
  // Spans left over belong to executions without a record (cut off by a stop), unless one
  // came after its task was folded: then the one-pass join would be wrong.
  if (open.size > 0 && (await anyTaskOf(tasksPath, open))) return null;

  const levels = results.levels.map((result): LevelView => {
    const level = folds.get(result.label)!;
    const waterfalls: Waterfall[] = [];
    for (const pick of level.picks) if (pick.waterfall !== null) waterfalls.push(pick.waterfall);
    return {
      result,
      cdf: cdfPoints(sortedByLevel.get(result.label)!),
      passedCdf: cdfPoints(level.passed.view().sort()),
      criticalPathMs: level.totals,
      criticalPathShare: sharesOf(level.totals),
      waterfalls,
    };
  });
  return { results, levels, tasksWithoutSpans };
}

/**
 * The nearest-rank picks of buildReportModel (taskAtQuantile over tasks
 * sorted stably by e2e), as a latency value and how many tasks of that
 * value precede the picked one in file order. The p99 pick is dropped when
 * it is the median's task.
 */
function picksOf(sorted: Float64Array): Pick[] {
  if (sorted.length === 0) return [];
  const ranks = PICKS.map(({ q }) =>
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1)),
  );
  const picks: Pick[] = [];
  PICKS.forEach(({ title }, index) => {
    const rank = ranks[index]!;
    if (index > 0 && rank === ranks[0]) return;
    const e2eMs = sorted[rank]!;
    picks.push({ title, e2eMs, skip: rank - lowerBound(sorted, e2eMs), waterfall: null });
  });
  return picks;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

async function anyTaskOf(tasksPath: string, spansByTask: ReadonlyMap<string, unknown>): Promise<boolean> {
  for await (const chunk of jsonLineChunks<TaskRecord>(tasksPath, [])) {
    for (const task of chunk) if (spansByTask.has(task.taskExecId)) return true;
  }
  return false;
}
