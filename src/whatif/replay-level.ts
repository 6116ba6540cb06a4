import type { EngineClock } from '../sim/index.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';
import type { GraphStep, TaskGraph } from './task-graph.js';
import type { SimulatedStep } from './virtual-fabric.js';

/**
 * Runs one model step from now and calls `done` at its end: on virtual time
 * through a simulated engine (what-if), or for real over HTTP (replay).
 * `turn` counts the calls of the step's role within its execution.
 */
export type ModelStepRunner = (
  graph: TaskGraph,
  step: GraphStep,
  turn: number,
  done: (result: SimulatedStep) => void,
) => void;

/** How a level drives its executions: N agents in closed loop, or the recorded arrival times. */
export type ReplayLoad = { mode: 'closed'; concurrency: number } | { mode: 'open' };

/** One replayed execution: its new timeline. */
export interface ReplayedExecution {
  graph: TaskGraph;
  scheduledAtMs: number;
  startMs: number;
  endMs: number;
  /** Per step (index as in graph.steps): new start and end, and the simulation's result for model steps. */
  steps: Array<{ startMs: number; endMs: number; simulated: SimulatedStep | null }>;
}

/**
 * Replays one level's executions on a clock (virtual for a what-if, the
 * wall clock for a replay).
 * Closed loop: `concurrency` agents take the executions in plan order,
 * each waiting the recorded setup gap before its next one. Open loop:
 * each execution is due at its recorded arrival (relative to the level's
 * first arrival). Model steps are simulated; every other step takes its
 * recorded time; gaps between steps stay as recorded.
 */
export function replayLevel(init: {
  graphs: readonly TaskGraph[];
  load: ReplayLoad;
  runStep: ModelStepRunner;
  clock: EngineClock;
  /** Setup time before each execution in closed loop (by taskExecId); 0 when absent. */
  setupGapMs: ReadonlyMap<string, number>;
  /** Open loop: recorded arrival gaps are divided by this (2 = twice the rate). Default 1. */
  timeScale?: number;
  /** Runs the clock once everything is scheduled (a VirtualClock's run); absent for the wall clock. */
  drive?: () => void;
}): { executions: ReplayedExecution[]; finished: Promise<ReplayedExecution[]> } {
  const { graphs, load, clock } = init;
  const replayed: ReplayedExecution[] = new Array(graphs.length);
  const levelStart = clock.now();
  const firstArrival = Math.min(...graphs.map((graph) => graph.task.scheduledAtMs));
  const scale = init.timeScale ?? 1;
  let next = 0;
  let ended = 0;
  let finish: (executions: ReplayedExecution[]) => void = () => undefined;
  const all = new Promise<ReplayedExecution[]>((resolve) => {
    finish = resolve;
  });
  const executionEnded = () => {
    if (++ended === graphs.length) finish(replayed);
  };
  if (graphs.length === 0) finish(replayed);
  const runExecution = (index: number, scheduledAt: number, onEnd: () => void) => {
    const graph = graphs[index]!;
    const execution: ReplayedExecution = {
      graph,
      scheduledAtMs: scheduledAt,
      startMs: scheduledAt + graph.startDelayMs,
      endMs: 0,
      steps: graph.steps.map(() => ({ startMs: 0, endMs: 0, simulated: null })),
    };
    replayed[index] = execution;
    clock.setTimer(() => runSteps(init, execution, onEnd), graph.startDelayMs);
  };
  if (load.mode === 'closed') {
    const agent = () => {
      if (next >= graphs.length) return;
      const index = next++;
      const setup = init.setupGapMs.get(graphs[index]!.task.taskExecId) ?? 0;
      clock.setTimer(
        () =>
          runExecution(index, clock.now(), () => {
            executionEnded();
            agent();
          }),
        setup,
      );
    };
    for (let count = 0; count < load.concurrency; count++) agent();
  } else {
    graphs.forEach((graph, index) => {
      const due = levelStart + (graph.task.scheduledAtMs - firstArrival) / scale;
      clock.setTimer(() => runExecution(index, due, executionEnded), due - clock.now());
    });
  }
  init.drive?.();
  return { executions: replayed, finished: all };
}

/** Starts every step once the steps it waited for have ended, then ends the execution after its recorded tail. */
function runSteps(
  init: Parameters<typeof replayLevel>[0],
  execution: ReplayedExecution,
  onEnd: () => void,
): void {
  const { clock, runStep } = init;
  const graph = execution.graph;
  const steps = graph.steps;
  const waitingOn = steps.map((step) => step.after.length);
  const dependents: number[][] = steps.map(() => []);
  steps.forEach((step, index) => {
    for (const before of step.after) dependents[before]!.push(index);
  });
  let remaining = steps.length;
  const turns = new Map<string, number>();
  const finishExecution = () => {
    clock.setTimer(() => {
      execution.endMs = clock.now();
      onEnd();
    }, graph.tailGapMs);
  };
  const begin = (index: number) => {
    const step = steps[index]!;
    const timing = execution.steps[index]!;
    timing.startMs = clock.now();
    const end = (simulated: SimulatedStep | null) => {
      timing.endMs = clock.now();
      timing.simulated = simulated;
      remaining--;
      for (const dependent of dependents[index]!) {
        if (--waitingOn[dependent]! === 0) {
          const ready = Math.max(
            execution.startMs,
            ...steps[dependent]!.after.map((before) => execution.steps[before]!.endMs),
          );
          const at = ready + steps[dependent]!.gapMs;
          clock.setTimer(() => begin(dependent), at - clock.now());
        }
      }
      if (remaining === 0) finishExecution();
    };
    if (step.model === null) {
      clock.setTimer(() => end(null), step.span.endMs - step.span.startMs);
      return;
    }
    const roleKey = step.span.role ?? step.span.name;
    const turn = turns.get(roleKey) ?? 0;
    turns.set(roleKey, turn + 1);
    runStep(graph, step, turn, end);
  };
  if (steps.length === 0) {
    finishExecution();
    return;
  }
  steps.forEach((step, index) => {
    if (step.after.length === 0) clock.setTimer(() => begin(index), step.gapMs);
  });
}

/** The records of a replayed level: task records and spans on the new timeline, labelled as predicted by simulation. */
export function replayedRecords(
  executions: readonly ReplayedExecution[],
  runId: string,
  fabricName: string,
): { tasks: TaskRecord[]; spans: SpanRecord[] } {
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  for (const execution of executions) {
    const { graph } = execution;
    const recorded = graph.task;
    const newSpans = new Map<string, SpanRecord>();
    graph.steps.forEach((step, index) => {
      const timing = execution.steps[index]!;
      const simulated = timing.simulated;
      newSpans.set(step.span.spanId, {
        ...step.span,
        startMs: timing.startMs,
        endMs: timing.endMs,
        ...(simulated === null
          ? {}
          : {
              name: simulated.model,
              placement: simulated.placement,
              ttftMs: simulated.ttftMs,
              itlMs: simulated.itlMs,
              cachedInputTokens: simulated.cachedInputTokens,
              costUsd: simulated.costUsd,
              simulated: simulated.simulated,
              ...(simulated.inputTokens === undefined ? {} : { inputTokens: simulated.inputTokens }),
              ...(simulated.outputTokens === undefined ? {} : { outputTokens: simulated.outputTokens }),
              ...(simulated.status === undefined
                ? {}
                : { status: simulated.status, error: simulated.error ?? null }),
            }),
      });
    });
    // Groups enclose their children: rebuilt innermost first so nested groups see their children's new times.
    const groups = [...graph.groups].sort(
      (a, b) => a.span.endMs - a.span.startMs - (b.span.endMs - b.span.startMs),
    );
    for (const group of groups) {
      const children = [...newSpans.values()].filter((span) => span.parentId === group.span.spanId);
      if (children.length === 0) continue;
      const first = Math.min(...children.map((span) => span.startMs));
      const last = Math.max(...children.map((span) => span.endMs));
      newSpans.set(group.span.spanId, {
        ...group.span,
        startMs: first - group.leadMs,
        endMs: last + group.tailMs,
      });
    }
    let priced = 0;
    let unpriced = false;
    let recordedSpanCost = 0;
    for (const span of graph.steps.map((step) => step.span)) recordedSpanCost += span.costUsd ?? 0;
    for (const step of graph.steps) {
      const cost = newSpans.get(step.span.spanId)!.costUsd;
      if (cost === null) unpriced = true;
      else priced += cost;
    }
    // A re-issued call that failed fails the execution, as it would have failed the agent.
    const failedStep = graph.steps
      .map((step) => newSpans.get(step.span.spanId)!)
      .find((span, index) => span.status === 'error' && graph.steps[index]!.span.status === 'ok');
    // Costs the task record carries beyond its steps' (tool charges outside any span) stay as recorded.
    const extra = Math.max(0, recorded.pricedCostUsd - recordedSpanCost);
    tasks.push({
      ...recorded,
      runId,
      fabric: fabricName,
      scheduledAtMs: execution.scheduledAtMs,
      startMs: execution.startMs,
      endMs: execution.endMs,
      e2eMs: execution.endMs - execution.scheduledAtMs,
      ...(failedStep === undefined
        ? {}
        : {
            passed: false,
            score: 0,
            error: `replayed ${failedStep.kind} step failed: ${failedStep.error ?? 'error'}`,
          }),
      costUsd: unpriced ? null : priced + extra,
      pricedCostUsd: priced + extra,
      cachedInputTokens: graph.steps.reduce(
        (sum, step) => sum + newSpans.get(step.span.spanId)!.cachedInputTokens,
        0,
      ),
    });
    for (const span of newSpans.values()) spans.push(span);
  }
  return { tasks, spans };
}
