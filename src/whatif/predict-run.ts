import { computeLevelResult, quantile, sortedCopy, splitByLevel } from '../metrics/index.js';
import type { ReportInput } from '../report/index.js';
import { loadSimFabric, VirtualClock } from '../sim/index.js';
import { fleetMember } from '../analysis/index.js';
import type {
  FleetMember,
  HarnessHealth,
  LevelResult,
  RunResults,
  SpanRecord,
  TaskRecord,
} from '../spec/index.js';
import type { FabricChoice } from './fabric-choice.js';
import { PrefixModel } from './prefix-model.js';
import { type ReplayedExecution, type ReplayLoad, replayedRecords } from './replay-level.js';
import { buildTaskGraph, type TaskGraph } from './task-graph.js';
import { simulateLevel, VirtualFabric } from './virtual-fabric.js';

/** What a what-if predicts, and from what. */
export interface WhatIfOptions {
  target: FabricChoice;
  /** The recorded run's own simulator fabric: replaying it calibrates the client-side overhead per step. Null when the run was not simulated. */
  source: FabricChoice | null;
  /** Closed-loop levels to predict (agents); default: the recorded levels. */
  levels?: number[];
  seed: number;
}

/** Where a prediction came from, saved in its results.json. */
export interface PredictionInfo {
  fromRun: string;
  fromFabric: string;
  method: string;
  /** Per level: the client-side ms added to each simulated model step, by kind (from the source replay). */
  overheadMs: Record<string, Record<string, number>>;
  /**
   * Recorded levels whose harness warned, with the level whose overhead
   * they use instead: a warned level's steps carry the recording's own
   * delay (a late harness or simulator thread), which is not a property of
   * any fabric. Empty when no recorded level warned (or all did).
   */
  overheadFrom: Record<string, string>;
}

const PREDICTED_HEALTH: HarnessHealth = {
  eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
  cpuFraction: 0,
  startLagP99Ms: 0,
  warnings: [],
};

/** Gap between predicted levels on the virtual timeline, so their windows never touch. */
const LEVEL_GAP_MS = 1000;

/**
 * Predicts a recorded run on another fabric: every level's executions are
 * replayed as task graphs (their steps in sequence and in parallel, tokens
 * and tool times as recorded) through a discrete-event simulation of the
 * target fabric's serving engines. Returns a run in the same shape as a
 * measured one, labelled predicted; nothing waits on the wall clock.
 */
export function predictRun(
  recorded: ReportInput,
  options: WhatIfOptions,
): ReportInput & { prediction: PredictionInfo } {
  const byLevel = splitByLevel(recorded.tasks, recorded.spans);
  const recordedLevels = recorded.results.levels;
  const graphsOf = new Map<string, TaskGraph[]>();
  for (const level of recordedLevels) {
    const records = byLevel.get(level.label);
    if (records === undefined) continue;
    const spansByTask = groupSpans(records.spans);
    const ordered = [...records.tasks].sort((a, b) => executionIndex(a) - executionIndex(b));
    graphsOf.set(
      level.label,
      ordered.map((task) => buildTaskGraph(task, spansByTask.get(task.taskExecId) ?? [])),
    );
  }
  const allGraphs = [...graphsOf.values()].flat();
  const overheads = new Map<string, Map<string, { durationMs: number; ttftMs: number }>>();
  if (options.source !== null) {
    const sourceFabric = loadSimFabric(options.source.simulatorFabric);
    // One fabric across the levels, in the recorded order, as the recording ran on one simulator.
    const clock = new VirtualClock();
    const fabric = new VirtualFabric(sourceFabric, clock, options.seed, (model) => model);
    const prefixes = new PrefixModel(allGraphs);
    for (const level of recordedLevels) {
      const graphs = graphsOf.get(level.label);
      if (graphs === undefined) continue;
      const replayed = simulateLevel({
        graphs,
        load: loadOf(level, graphs.length),
        fabric,
        clock,
        prefixes,
        overheads: new Map(),
        setupGapMs: setupGaps(graphs, level),
      });
      overheads.set(level.label, residuals(replayed));
      clock.setTimer(() => undefined, LEVEL_GAP_MS);
      clock.run();
    }
    fabric.stop();
  }
  const overheadFrom = borrowQuietOverheads(recordedLevels, overheads);
  const targetFabric = loadSimFabric(options.target.simulatorFabric);
  const runId = `${recorded.results.runId}-whatif-${slug(options.target.name)}`;
  const wanted =
    options.levels ??
    recordedLevels.filter((level) => level.mode === 'closed').map((level) => level.concurrency ?? 1);
  const openLevels =
    options.levels === undefined ? recordedLevels.filter((level) => level.mode === 'open') : [];
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  const levels: LevelResult[] = [];
  const clock = new VirtualClock();
  const fleet = new Map<string, FleetMember>();
  const modelOf = (model: string, role: string | null) =>
    (role !== null ? options.target.roleModels[role] : undefined) ?? model;
  // One fabric for every predicted level, as a live run keeps one simulator
  // across its levels: what the earlier levels left in the prefix caches
  // (and so where the router sends the next level's requests) carries on.
  const fabric = new VirtualFabric(targetFabric, clock, options.seed, modelOf);
  // Conversations are keyed by execution id, which each predicted level relabels: one model serves all levels.
  const prefixes = new PrefixModel(allGraphs);
  const predictLevel = (label: string, load: ReplayLoad, base: LevelResult) => {
    const graphs = graphsOf.get(base.label) ?? [];
    const replayed = simulateLevel({
      graphs: graphs.map((graph) => relabel(graph, label)),
      load,
      fabric,
      clock,
      prefixes,
      overheads: overheads.get(base.label) ?? new Map(),
      setupGapMs: setupGaps(graphs, base, label),
    });
    for (const deployment of fabric.used) fleet.set(deployment.config.name, fleetMember(deployment.config));
    const records = replayedRecords(replayed, runId, options.target.name);
    tasks.push(...records.tasks);
    spans.push(...records.spans);
    levels.push(
      computeLevelResult({
        label,
        mode: load.mode,
        ...(load.mode === 'closed' ? { concurrency: load.concurrency } : {}),
        ...(base.arrivalRatePerS === undefined || load.mode === 'closed'
          ? {}
          : { arrivalRatePerS: base.arrivalRatePerS }),
        ...(base.arrivalProcess === undefined || load.mode === 'closed'
          ? {}
          : { arrivalProcess: base.arrivalProcess }),
        fabric: options.target.name,
        tasks: records.tasks,
        spans: records.spans,
        harness: PREDICTED_HEALTH,
        partial: false,
      }),
    );
    clock.setTimer(() => undefined, LEVEL_GAP_MS);
    clock.run();
  };
  for (const agents of wanted) {
    const base = nearestLevel(recordedLevels, agents);
    predictLevel(`c${agents}`, { mode: 'closed', concurrency: agents }, base);
  }
  for (const level of openLevels) predictLevel(level.label, { mode: 'open' }, level);
  fabric.stop();
  const prediction: PredictionInfo = {
    fromRun: recorded.results.runId,
    fromFabric: recorded.results.fabric,
    method:
      'discrete-event replay of the recorded task graphs through the simulated serving engines of the target fabric; tool, retrieval and custom steps and the gaps between steps keep their recorded durations',
    overheadMs: Object.fromEntries(
      [...overheads].map(([label, byKind]) => [
        label,
        Object.fromEntries([...byKind].map(([kind, value]) => [kind, round(value.durationMs)])),
      ]),
    ),
    overheadFrom,
  };
  const now = new Date().toISOString();
  const results: RunResults & { predicted: true; prediction: PredictionInfo } = {
    ...recorded.results,
    runId,
    fabric: options.target.name,
    simulated: true,
    status: 'complete',
    startedAt: now,
    finishedAt: now,
    seed: options.seed,
    levels,
    thresholds: [],
    fleet: [...fleet.values()],
    predicted: true,
    prediction,
  };
  delete (results as { singleCall?: unknown }).singleCall;
  return { results, tasks, spans, prediction };
}

/**
 * Gives each recorded level whose harness warned the overhead of the
 * unwarned level nearest in agent count, in place (the recording's delay at
 * that level would otherwise be predicted for every fabric); returns which
 * level lent to which.
 */
function borrowQuietOverheads(
  levels: readonly LevelResult[],
  overheads: Map<string, Map<string, { durationMs: number; ttftMs: number }>>,
): Record<string, string> {
  const quiet = levels.filter((level) => level.harness.warnings.length === 0 && overheads.has(level.label));
  const lent: Record<string, string> = {};
  if (quiet.length === 0) return lent;
  for (const level of levels) {
    if (level.harness.warnings.length === 0 || !overheads.has(level.label)) continue;
    const lender = nearestLevel(quiet, level.concurrency ?? 1);
    overheads.set(level.label, overheads.get(lender.label)!);
    lent[level.label] = lender.label;
  }
  return lent;
}

/** Closed-loop load of a recorded level (its agent count), or its recorded arrivals. */
function loadOf(level: LevelResult, executions: number): ReplayLoad {
  if (level.mode === 'open') return { mode: 'open' };
  return { mode: 'closed', concurrency: Math.min(level.concurrency ?? 1, Math.max(1, executions)) };
}

/** The recorded level whose agent count is closest to `agents` (its executions and overheads are replayed). */
function nearestLevel(levels: readonly LevelResult[], agents: number): LevelResult {
  const closed = levels.filter((level) => level.mode === 'closed');
  const pool = closed.length > 0 ? closed : levels;
  return pool.reduce((best, level) =>
    Math.abs(Math.log((level.concurrency ?? 1) / agents)) <
    Math.abs(Math.log((best.concurrency ?? 1) / agents))
      ? level
      : best,
  );
}

/**
 * Setup time before each closed-loop execution, reconstructed from the
 * recording: each execution was started by the agent that became free
 * last before it was due (its gap is the setup() time of that execution).
 */
function setupGaps(graphs: readonly TaskGraph[], level: LevelResult, label?: string): Map<string, number> {
  const gaps = new Map<string, number>();
  if (level.mode !== 'closed') return gaps;
  const free: number[] = [];
  const levelStart = Math.min(...graphs.map((graph) => graph.task.scheduledAtMs));
  const agents = level.concurrency ?? 1;
  for (const graph of graphs) {
    const due = graph.task.scheduledAtMs;
    let pick = -1;
    for (let index = 0; index < free.length; index++) {
      if (free[index]! <= due && (pick < 0 || free[index]! > free[pick]!)) pick = index;
    }
    let since = levelStart;
    if (pick >= 0 && (free.length >= agents || free[pick]! > levelStart)) {
      since = free[pick]!;
      free.splice(pick, 1);
    }
    const id = label === undefined ? graph.task.taskExecId : relabelId(graph.task.taskExecId, label);
    gaps.set(id, Math.max(0, due - since));
    free.push(graph.task.endMs);
  }
  return gaps;
}

/** Per model-step kind, the median of recorded minus simulated duration (and TTFT) on the recorded fabric. */
function residuals(
  replayed: readonly ReplayedExecution[],
): Map<string, { durationMs: number; ttftMs: number }> {
  const durations = new Map<string, number[]>();
  const ttfts = new Map<string, number[]>();
  for (const execution of replayed) {
    execution.graph.steps.forEach((step, index) => {
      const simulated = execution.steps[index]!.simulated;
      if (step.model === null || simulated === null) return;
      push(durations, step.model, step.span.endMs - step.span.startMs - simulated.durationMs);
      if (step.span.ttftMs !== null && simulated.ttftMs !== null)
        push(ttfts, step.model, step.span.ttftMs - simulated.ttftMs);
    });
  }
  const out = new Map<string, { durationMs: number; ttftMs: number }>();
  for (const [kind, values] of durations) {
    out.set(kind, {
      durationMs: Math.max(0, quantile(sortedCopy(values), 0.5) ?? 0),
      ttftMs: Math.max(0, quantile(sortedCopy(ttfts.get(kind) ?? []), 0.5) ?? 0),
    });
  }
  return out;
}

function relabel(graph: TaskGraph, label: string): TaskGraph {
  const id = relabelId(graph.task.taskExecId, label);
  return {
    ...graph,
    task: { ...graph.task, level: label, taskExecId: id },
    steps: graph.steps.map((step) => ({
      ...step,
      span: { ...step.span, taskExecId: id, spanId: relabelId(step.span.spanId, label) },
    })),
    groups: graph.groups.map((group) => ({
      ...group,
      span: { ...group.span, taskExecId: id, spanId: relabelId(group.span.spanId, label) },
    })),
  };
}

/** `c16-3.7` → `c32-3.7`: ids keep their execution and span numbers under the predicted level's label. */
function relabelId(id: string, label: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? `${label}-${id}` : `${label}${id.slice(dash)}`;
}

function executionIndex(task: TaskRecord): number {
  const match = /-(\d+)$/.exec(task.taskExecId);
  return match ? Number(match[1]) : task.scheduledAtMs;
}

function groupSpans(spans: readonly SpanRecord[]): Map<string, SpanRecord[]> {
  const groups = new Map<string, SpanRecord[]>();
  for (const span of spans) push(groups, span.taskExecId, span);
  return groups;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'fabric';
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
