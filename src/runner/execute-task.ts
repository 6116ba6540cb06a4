import { setMaxListeners } from 'node:events';
import { Execution, ExecutionContext, type RoleRoute } from '../context/index.js';
import { faultOf } from '../fault-class.js';
import { redact } from '../redact.js';
import type { Clock, SpanRecord, TaskRecord, ToolDefinition, ToolImplementation } from '../spec/index.js';
import type { PlannedExecution } from './case-plan.js';

/** What stays the same for every execution of a run. */
export interface ExecutionEnvironment {
  runId: string;
  runEpoch: number;
  clock: Clock;
  fabric: string;
  /** The shard index records carry, in a sharded run. */
  shard?: number;
  routes: ReadonlyMap<string, RoleRoute>;
  taskTimeoutMs: number;
  /** Aborted when the run is interrupted. */
  runSignal: AbortSignal;
  emitSpan(span: SpanRecord): void;
  /** Label of the host the agent loop runs on, from the fabric's placement; null when not placed. */
  agentHost?: string | null;
  /** Tools per task name, and their model-facing definitions. */
  tools: ReadonlyMap<
    string,
    { byName: ReadonlyMap<string, ToolImplementation>; definitions: ToolDefinition[] }
  >;
}

/** One execution's place in the level. */
export interface ExecutionSlot {
  level: string;
  taskExecId: string;
  warmup: boolean;
  /** Clock reading when the task was due (latency counts from here). */
  scheduledAt: number;
}

/** Per-execution state made ahead of the scheduled start (setup() is not part of task latency). */
export interface PreparedExecution {
  plan: PlannedExecution;
  state: unknown;
  setupError: string | null;
}

/** Runs the task's setup(): isolated state for one execution. */
export async function prepareExecution(
  plan: PlannedExecution,
  taskExecId: string,
): Promise<PreparedExecution> {
  const { task, cases, shared } = plan.planned;
  if (task.setup === undefined) return { plan, state: undefined, setupError: null };
  try {
    const state = await task.setup(cases[plan.caseIndex], shared, { seed: plan.seed, taskExecId });
    return { plan, state, setupError: null };
  } catch (error) {
    return {
      plan,
      state: undefined,
      setupError: `setup failed: ${redact((error as Error).message ?? String(error))}`,
    };
  }
}

/**
 * Runs one prepared execution: the agent under a timeout, then the grader
 * on the answer and the state the tools left, then teardown. Never throws:
 * every failure becomes data on the task record.
 */
export async function runExecution(
  environment: ExecutionEnvironment,
  slot: ExecutionSlot,
  prepared: PreparedExecution,
): Promise<TaskRecord> {
  const { clock } = environment;
  const { plan, state } = prepared;
  const task = plan.planned.task;
  const theCase = plan.planned.cases[plan.caseIndex];
  const taskTools = environment.tools.get(task.name);
  // One controller per task carries both the run's interrupt and the task's
  // timeout (not AbortSignal.any: that costs ~20 µs and GC work per task).
  const timeout = new AbortController();
  const signal = timeout.signal;
  // Each concurrent call of the task listens to it: not a leak.
  setMaxListeners(0, signal);
  const running = runningTasksOf(environment.runSignal);
  running.add(timeout);
  if (environment.runSignal.aborted) timeout.abort(environment.runSignal.reason);
  const started = clock.now();
  const execution = new Execution(
    {
      runId: environment.runId,
      runEpoch: environment.runEpoch,
      clock,
      taskExecId: slot.taskExecId,
      task,
      theCase,
      caseId: plan.caseId,
      seed: plan.seed,
      state,
      routes: environment.routes,
      tools: taskTools?.byName ?? new Map(),
      agentHost: environment.agentHost ?? null,
      toolDefinitions: taskTools?.definitions ?? [],
      references: task.reference?.(theCase),
      signal,
      emit: environment.emitSpan,
    },
    started,
  );
  // Latency counts from the scheduled start: time spent waiting is queue, not invisible.
  if (started - slot.scheduledAt > 0.5) execution.emitGap('queue', slot.scheduledAt, started);

  let answer: unknown;
  let error = prepared.setupError;
  let fault: string | null = error === null ? null : 'setup error';
  if (error === null) {
    const timeoutMs = task.timeoutMs ?? environment.taskTimeoutMs;
    const timer = setTimeout(() => {
      const reason = new Error(`timed out after ${timeoutMs} ms`);
      // Named so steps still in flight can tell a timeout from an interrupted run.
      reason.name = 'TimeoutError';
      timeout.abort(reason);
    }, timeoutMs);
    try {
      answer = await abortable(task.agent(new ExecutionContext(execution, null)), signal);
    } catch (failure) {
      error = redact(signal.aborted ? describeAbort(signal) : messageOf(failure));
      // A run stopped (Ctrl-C, a write failure) interrupts the task; only the task's own timer is a timeout.
      fault = !signal.aborted
        ? faultOf(failure)
        : faultOf(signal.reason) === 'timeout'
          ? 'timeout'
          : 'interrupted';
    } finally {
      clearTimeout(timer);
    }
  }
  const ended = clock.now();
  execution.finish(ended);

  let passed = false;
  let score = 0;
  let gradeReason: string | null = null;
  if (error === null) {
    try {
      const grade = await task.grade({ case: theCase, answer, state });
      passed = grade.passed;
      score = grade.score ?? (grade.passed ? 1 : 0);
      gradeReason = grade.reason ?? null;
    } catch (failure) {
      error = redact(`grader failed: ${messageOf(failure)}`);
      fault = 'grader error';
    }
  }
  if (task.teardown !== undefined) {
    try {
      await task.teardown(state);
    } catch {
      // A failing teardown must not turn a measured task into a lost one.
    }
  }
  running.delete(timeout);
  const record: TaskRecord = {
    runId: environment.runId,
    level: slot.level,
    task: task.name,
    caseId: plan.caseId,
    taskExecId: slot.taskExecId,
    fabric: environment.fabric,
    ...(environment.shard === undefined ? {} : { shard: environment.shard }),
    warmup: slot.warmup,
    scheduledAtMs: slot.scheduledAt - environment.runEpoch,
    startMs: started - environment.runEpoch,
    endMs: ended - environment.runEpoch,
    e2eMs: ended - slot.scheduledAt,
    passed,
    score,
    error,
    gradeReason: gradeReason === null ? null : redact(gradeReason),
    costUsd: execution.unpricedSteps > 0 ? null : execution.pricedCostUsd,
    pricedCostUsd: execution.pricedCostUsd,
    steps: execution.steps,
    spans: execution.spans,
    inputTokens: execution.inputTokens,
    cachedInputTokens: execution.cachedInputTokens,
    outputTokens: execution.outputTokens,
  };
  if (fault !== null) record.fault = fault;
  return record;
}

/**
 * The controllers of the tasks running under a run signal. One listener on
 * the run signal aborts them all: a listener per task would make every start
 * and end O(running tasks) (EventTarget scans its listeners), quadratic at
 * 10,000 agents.
 */
const runningTasks = new WeakMap<AbortSignal, Set<AbortController>>();

function runningTasksOf(runSignal: AbortSignal): Set<AbortController> {
  let running = runningTasks.get(runSignal);
  if (running === undefined) {
    const created = new Set<AbortController>();
    running = created;
    runningTasks.set(runSignal, created);
    runSignal.addEventListener(
      'abort',
      () => {
        for (const controller of created) controller.abort(runSignal.reason);
      },
      { once: true },
    );
  }
  return running;
}

/** Settles with the agent's answer, or rejects as soon as the signal aborts (an agent may ignore it). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (failure) => {
        signal.removeEventListener('abort', onAbort);
        reject(failure);
      },
    );
  });
}

function describeAbort(signal: AbortSignal): string {
  const reason = signal.reason;
  return reason instanceof Error ? reason.message : 'interrupted';
}

function messageOf(failure: unknown): string {
  if (failure instanceof Error) return failure.message || failure.name;
  return String(failure);
}
