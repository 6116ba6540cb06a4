import type { RunResults, RunStore, SpanRecord, StoredRunSummary, TaskRecord } from '../spec/index.js';
import { type RunHealth, runHealth } from './harness-health.js';
import { quantile } from './quantile.js';

/** One metric over the runs of a suite, oldest run first; null where a run lacks it. */
export interface MetricSeries {
  /** Stable name, e.g. "e2e p95 @ c16" or "tool search_docs p95 @ c16". */
  key: string;
  group: 'e2e' | 'quality' | 'throughput' | 'cost' | 'step kind' | 'step' | 'role' | 'task';
  level: string;
  lowerIsBetter: boolean;
  unit: 'ms' | 'usd' | 'fraction' | 'per-second';
  values: (number | null)[];
}

/** A run the history left out, and why. */
export interface ExcludedRun {
  runId: string;
  startedAt: string;
  health: RunHealth;
}

export interface HistorySeries {
  suite: string;
  /** Completed runs, oldest first. */
  runs: StoredRunSummary[];
  /** Harness health of each run in `runs`, same order. */
  health: RunHealth[];
  /** Runs left out because their harness warned (unless includeImpaired). */
  excluded: ExcludedRun[];
  series: MetricSeries[];
  /**
   * For a step or step-kind series, the series of the steps that ran inside
   * it (`ctx.span` children, in any run): the outer step takes its inner
   * steps' time, so when both move the inner one is the cause. Absent when
   * no spans were read.
   */
  contains?: Record<string, string[]>;
}

export interface HistoryOptions {
  suite: string;
  /** Most recent runs to include. Default 52 (a year of weekly runs). */
  limit?: number;
  /** Also build per-step series (kind and name, e.g. one tool) from the spans. Default true. */
  includeSpans?: boolean;
  /** Only runs on this fabric (history mixes fabrics otherwise). */
  fabric?: string;
  /** Keep runs whose harness warned (left out by default: they are not evidence). */
  includeImpaired?: boolean;
}

/** Reads the suite's runs from the store and lays every metric out as a series. */
export async function historySeries(store: RunStore, options: HistoryOptions): Promise<HistorySeries> {
  const runs = (await store.listRuns({ suite: options.suite, limit: options.limit ?? 52 }))
    .filter(
      (run) => run.status !== 'failed' && (options.fabric === undefined || run.fabric === options.fabric),
    )
    .sort((left, right) => left.startedAt.localeCompare(right.startedAt));
  const table = new Map<string, MetricSeries>();
  const contains = new Map<string, Set<string>>();
  const contain = (outer: string, inner: string): void => {
    if (outer === inner) return;
    if (!contains.has(outer)) contains.set(outer, new Set());
    contains.get(outer)!.add(inner);
  };
  const loaded: StoredRunSummary[] = [];
  const health: RunHealth[] = [];
  const excluded: ExcludedRun[] = [];
  for (const run of runs) {
    const results = await store.loadResults(run.runId);
    if (results === null) continue;
    const runHealthNow = runHealth(results);
    if (runHealthNow.impaired && options.includeImpaired !== true) {
      excluded.push({ runId: run.runId, startedAt: run.startedAt, health: runHealthNow });
      continue;
    }
    const position = loaded.length;
    loaded.push(run);
    health.push(runHealthNow);
    const put = (entry: Omit<MetricSeries, 'values'>, value: number | null | undefined) => {
      let series = table.get(entry.key);
      if (series === undefined) {
        series = { ...entry, values: [] };
        table.set(entry.key, series);
      }
      while (series.values.length < position) series.values.push(null);
      series.values[position] = value ?? null;
    };
    addResultSeries(results, put);
    if (options.includeSpans ?? true)
      addSpanSeries(await store.loadTasks(run.runId), await store.loadSpans(run.runId), put, contain);
  }
  const series = [...table.values()];
  for (const entry of series) while (entry.values.length < loaded.length) entry.values.push(null);
  return {
    suite: options.suite,
    runs: loaded,
    health,
    excluded,
    series,
    ...(contains.size === 0
      ? {}
      : { contains: Object.fromEntries([...contains].map(([outer, inner]) => [outer, [...inner]])) }),
  };
}

/**
 * A q-quantile of fewer than 1/(1 − q) samples (20 for a p95, 100 for a
 * p99) is no estimate of it: no sample lies beyond it, so it is the
 * sample's maximum, whose spread from run to run is heavy-tailed, and a
 * test over such values finds changes that are only one slow call. The
 * history leaves such a run's value out (null) rather than test it.
 */
function tail(value: number | null | undefined, q: number, samples: number): number | null {
  if (value === null || value === undefined) return null;
  return samples >= Math.ceil(1 / (1 - q) - 1e-9) ? value : null;
}

type Put = (entry: Omit<MetricSeries, 'values'>, value: number | null | undefined) => void;

function addResultSeries(results: RunResults, put: Put): void {
  for (const level of results.levels) {
    const at = ` @ ${level.label}`;
    const ms = { level: level.label, lowerIsBetter: true, unit: 'ms' as const };
    put({ key: `e2e p50${at}`, group: 'e2e', ...ms }, level.e2eMs.p50);
    put({ key: `e2e p95${at}`, group: 'e2e', ...ms }, tail(level.e2eMs.p95, 0.95, level.tasksCompleted));
    put({ key: `e2e p99${at}`, group: 'e2e', ...ms }, tail(level.e2eMs.p99, 0.99, level.tasksCompleted));
    put(
      { key: `passed-only p95${at}`, group: 'quality', ...ms },
      tail(level.passedE2eMs.p95, 0.95, level.tasksPassed),
    );
    put(
      { key: `pass rate${at}`, group: 'quality', level: level.label, lowerIsBetter: false, unit: 'fraction' },
      level.passRate,
    );
    put(
      {
        key: `steps/s${at}`,
        group: 'throughput',
        level: level.label,
        lowerIsBetter: false,
        unit: 'per-second',
      },
      level.stepsPerSecond,
    );
    const usd = { group: 'cost' as const, level: level.label, lowerIsBetter: true, unit: 'usd' as const };
    put({ key: `cost/task${at}`, ...usd }, level.costPerTaskUsd.mean);
    put({ key: `cost/passed task${at}`, ...usd }, level.costPerPassedTaskUsd);
    for (const [kind, summary] of Object.entries(level.byStepKind)) {
      put({ key: `${kind} p50${at}`, group: 'step kind', ...ms }, summary.ms.p50);
      put({ key: `${kind} p95${at}`, group: 'step kind', ...ms }, tail(summary.ms.p95, 0.95, summary.count));
      put(
        {
          key: `${kind} critical-path share${at}`,
          group: 'step kind',
          level: level.label,
          lowerIsBetter: true,
          unit: 'fraction',
        },
        summary.criticalPathShare,
      );
    }
    for (const [task, block] of Object.entries(level.byTask)) {
      put(
        { key: `task ${task} p95${at}`, group: 'task', ...ms },
        tail(block.e2eMs.p95, 0.95, block.tasksCompleted),
      );
    }
  }
}

/**
 * Per level, the p95 duration of each (kind, name) step (one tool, one
 * model), of each role's steps, and each kind's queue-slot plus retry wait
 * per step; and which steps (and step kinds) ran inside which.
 */
function addSpanSeries(
  tasks: TaskRecord[],
  spans: SpanRecord[],
  put: Put,
  contain: (outer: string, inner: string) => void,
): void {
  const levelOf = new Map<string, string>();
  for (const task of tasks) if (!task.warmup) levelOf.set(task.taskExecId, task.level);
  const durations = new Map<string, { level: string; group: 'step' | 'role'; values: number[] }>();
  const waits = new Map<string, { level: string; total: number; count: number }>();
  const add = (key: string, level: string, group: 'step' | 'role', value: number) => {
    const entry = durations.get(key) ?? { level, group, values: [] };
    if (entry.values.length === 0) durations.set(key, entry);
    entry.values.push(value);
  };
  for (const span of spans) {
    if (span.kind === 'orchestration' || span.kind === 'queue') continue;
    const level = levelOf.get(span.taskExecId);
    if (level === undefined) continue;
    const duration = span.endMs - span.startMs;
    add(`${span.kind} ${span.name} p95 @ ${level}`, level, 'step', duration);
    if (span.role !== null) add(`role ${span.role} p95 @ ${level}`, level, 'role', duration);
    const waitKey = `${span.kind} queue+retry wait @ ${level}`;
    const wait = waits.get(waitKey) ?? { level, total: 0, count: 0 };
    wait.total += span.queueWaitMs + span.retryWaitMs;
    wait.count++;
    waits.set(waitKey, wait);
  }
  const byId = new Map<string, SpanRecord>();
  for (const span of spans) byId.set(span.spanId, span);
  for (const span of spans) {
    const parent = span.parentId === null ? undefined : byId.get(span.parentId);
    const level = levelOf.get(span.taskExecId);
    if (parent === undefined || level === undefined) continue;
    if (parent.kind === 'orchestration' || parent.kind === 'queue') continue;
    contain(`${parent.kind} ${parent.name} p95 @ ${level}`, `${span.kind} ${span.name} p95 @ ${level}`);
    if (parent.kind !== span.kind) {
      contain(`${parent.kind} p50 @ ${level}`, `${span.kind} p50 @ ${level}`);
      contain(`${parent.kind} p95 @ ${level}`, `${span.kind} p95 @ ${level}`);
    }
  }
  for (const [key, entry] of durations) {
    put(
      { key, group: entry.group, level: entry.level, lowerIsBetter: true, unit: 'ms' },
      tail(quantile(entry.values, 0.95), 0.95, entry.values.length),
    );
  }
  for (const [key, entry] of waits) {
    // A wait that is always zero is no series: it would only add tests.
    if (entry.total === 0) continue;
    put(
      { key, group: 'step kind', level: entry.level, lowerIsBetter: true, unit: 'ms' },
      entry.total / entry.count,
    );
  }
}
