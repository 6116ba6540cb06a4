import type { FabricConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { computeLevelResult } from '../metrics/index.js';
import type { ReportInput } from '../report/index.js';
import { captureEnvironment, connectFabric, HarnessMonitor } from '../runner/index.js';
import { liveClock } from '../sim/index.js';
import { systemClock } from '../clock.js';
import type { LevelResult, RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { buildTaskGraph, replayedRecords, replayLevel, type TaskGraph } from '../whatif/index.js';
import { liveStepRunner } from './live-step-runner.js';
import { SyntheticPrompts } from './synthetic-prompts.js';
import type { Trace } from './trace-formats.js';

export interface ReplayOptions {
  fabricName: string;
  /** The fabric to replay against; roles the trace uses must be bound (see `rolesOf`). */
  fabric: FabricConfig;
  /** Open-loop arrivals run this many times faster than recorded (default 1). */
  timeScale?: number;
  seed: number;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** Called after each level with its result. */
  onLevel?(level: LevelResult): void;
}

/** The roles a trace's model steps use (a recorded role, else the recorded model name). */
export function rolesOf(trace: Trace): Map<string, string> {
  const roles = new Map<string, string>();
  for (const span of trace.spans) {
    if (span.kind !== 'chat' && span.kind !== 'embed' && span.kind !== 'rerank') continue;
    const role = span.role ?? span.name;
    if (!roles.has(role)) roles.set(role, span.name);
  }
  return roles;
}

/**
 * Replays a trace against a fabric for real: model calls are re-issued
 * through the fabric's endpoints at the recorded structure (sequence,
 * fan-out, the gaps where the agent ran its tools and code, kept as
 * recorded), closed-loop levels with their agents, request traces at their
 * recorded arrivals. Every replayed execution becomes a task record.
 */
export async function replayTrace(trace: Trace, options: ReplayOptions): Promise<ReportInput> {
  const missing = [...rolesOf(trace).keys()].filter((role) => options.fabric.roles[role] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `the fabric binds no endpoint for ${missing.map((role) => `"${role}"`).join(', ')}, which the trace uses`,
      `bind them with --model ${missing[0]}=MODEL (or give a fabric that has these roles)`,
    );
  }
  const connection = await connectFabric(options.fabricName, options.fabric, {
    seed: options.seed,
    env: options.env,
    suiteFile: '(replay)',
  });
  const startedAt = new Date();
  const epoch = performance.now();
  const clock = { ...liveClock, now: () => performance.now() - epoch };
  const runId = `replay-${startedAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${slug(options.fabricName)}`;
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  const levels: LevelResult[] = [];
  try {
    const spansByTask = new Map<string, SpanRecord[]>();
    for (const span of trace.spans) {
      const list = spansByTask.get(span.taskExecId);
      if (list === undefined) spansByTask.set(span.taskExecId, [span]);
      else list.push(span);
    }
    for (const level of trace.levels) {
      if (options.signal.aborted) break;
      const graphs: TaskGraph[] = trace.tasks
        .filter((task) => task.level === level.label)
        .sort((a, b) => a.scheduledAtMs - b.scheduledAtMs)
        .map((task) => buildTaskGraph(task, spansByTask.get(task.taskExecId) ?? []));
      const monitor = new HarnessMonitor();
      monitor.start();
      const replay = replayLevel({
        graphs,
        load:
          level.mode === 'closed'
            ? { mode: 'closed', concurrency: Math.max(1, level.concurrency ?? 1) }
            : { mode: 'open' },
        clock,
        setupGapMs: new Map(),
        ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
        runStep: liveStepRunner({
          routeOf: (role, model) => connection.routes.get(role ?? model)!,
          prompts: new SyntheticPrompts(graphs, trace.promptBlocks),
          clock: systemClock,
          signal: options.signal,
        }),
      });
      const executions = await replay.finished;
      const health = monitor.stop();
      const records = replayedRecords(executions, runId, options.fabricName);
      tasks.push(...records.tasks);
      spans.push(...records.spans);
      const result = computeLevelResult({
        label: level.label,
        mode: level.mode,
        ...(level.concurrency === undefined ? {} : { concurrency: level.concurrency }),
        fabric: options.fabricName,
        tasks: records.tasks,
        spans: records.spans,
        harness: health,
        partial: false,
      });
      levels.push(result);
      options.onLevel?.(result);
    }
  } finally {
    await connection.close();
  }
  const results: RunResults = {
    schemaVersion: 1,
    runId,
    suite: trace.suite,
    fabric: options.fabricName,
    simulated: connection.simulated,
    status: options.signal.aborted ? 'partial' : 'complete',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seed: options.seed,
    environment: captureEnvironment(process.cwd()),
    config: {
      replay: { format: trace.format, fromRun: trace.results?.runId ?? null },
      fabricName: options.fabricName,
    },
    prepareMs: {},
    levels,
    thresholds: [],
  };
  return { results, tasks, spans };
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'fabric';
}
