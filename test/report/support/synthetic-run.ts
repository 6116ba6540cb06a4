/**
 * Seeded synthetic runs for report and analysis tests: lognormal step
 * latencies, sequential steps with orchestration gaps, results computed from
 * the generated records. Every field is made up and the run says simulated
 * unless told otherwise.
 */
import { quantile, seededRandom } from '../../../src/analysis/index.js';
import { servingFiguresByRole } from '../../../src/metrics/index.js';
import type {
  LatencySummary,
  LevelResult,
  MetricBlock,
  RunResults,
  SpanRecord,
  StepKindSummary,
  TaskRecord,
} from '../../../src/spec/index.js';

export interface SyntheticRunOptions {
  seed?: number;
  runId?: string;
  suite?: string;
  fabric?: string;
  concurrencies?: number[];
  tasksPerLevel?: number;
  taskNames?: string[];
  simulated?: boolean;
  /** Multiplies every tool step's latency (per tool name), e.g. { search_docs: 1.5 }. */
  toolSlowdown?: Record<string, number>;
  /** Multiplies all chat latencies. */
  chatSlowdown?: number;
  passRate?: number;
  /** Extra tool calls per task (each one more span), to reach realistic span counts. Default 0. */
  extraToolSteps?: number;
  /** Strings planted in answers/errors/names to test escaping. */
  hostile?: string;
  startedAt?: string;
}

export interface SyntheticRun {
  results: RunResults;
  tasks: TaskRecord[];
  spans: SpanRecord[];
}

const TOOLS = ['search_docs', 'sql_query'];

export function syntheticRun(options: SyntheticRunOptions = {}): SyntheticRun {
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  for (const executed of syntheticExecutions(options)) {
    tasks.push(executed.task);
    for (const span of executed.spans) spans.push(span);
  }
  const results = summarise(tasks, spans, {
    runId: options.runId ?? `run-${options.seed ?? 7}`,
    suite: options.suite ?? 'demo-suite',
    fabric: options.fabric ?? 'sim-fabric',
    simulated: options.simulated ?? true,
    seed: options.seed ?? 7,
    startedAt: options.startedAt ?? '2026-11-24T09:00:00.000Z',
    concurrencies: options.concurrencies ?? [1, 16],
  });
  return { results, tasks, spans };
}

/**
 * The executions of a synthetic run one at a time (task record and its
 * spans), so a run of millions of tasks can be written without holding it.
 */
export function* syntheticExecutions(
  options: SyntheticRunOptions = {},
): Generator<{ task: TaskRecord; spans: SpanRecord[] }> {
  const random = seededRandom(options.seed ?? 7);
  const normal = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const lognormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
  const runId = options.runId ?? `run-${options.seed ?? 7}`;
  const fabric = options.fabric ?? 'sim-fabric';
  const hostile = options.hostile ?? null;
  const taskNames = options.taskNames ?? ['support-qa', 'sql-report'];
  const concurrencies = options.concurrencies ?? [1, 16];
  const perLevel = options.tasksPerLevel ?? 200;
  const simulated = options.simulated ?? true;
  let clock = 0;
  let spanCounter = 0;
  for (const concurrency of concurrencies) {
    const label = `c${concurrency}`;
    const load = 1 + concurrency / 32;
    // A closed loop: each agent starts its next task when its last one ends.
    const agentFreeAt = new Array<number>(concurrency).fill(clock);
    let levelEnd = clock;
    for (let index = 0; index < perLevel; index++) {
      const spans: SpanRecord[] = [];
      const task = taskNames[index % taskNames.length]!;
      const taskExecId = `${label}-${index}`;
      let agent = 0;
      for (let other = 1; other < concurrency; other++)
        if (agentFreeAt[other]! < agentFreeAt[agent]!) agent = other;
      const scheduledAtMs = agentFreeAt[agent]!;
      let cursor = scheduledAtMs + random() * 2;
      const startMs = cursor;
      let steps = 0;
      let cost = 0;
      let outputTokens = 0;
      let inputTokens = 0;
      const addSpan = (
        kind: SpanRecord['kind'],
        name: string,
        duration: number,
        extra: Partial<SpanRecord> = {},
      ) => {
        cursor += lognormal(3, 0.5);
        const span: SpanRecord = {
          spanId: `s${spanCounter++}`,
          taskExecId,
          parentId: null,
          kind,
          role: kind === 'chat' ? 'planner' : null,
          name,
          endpoint: kind === 'tool' ? name : 'sim-large',
          placement: 'sim-gpu',
          startMs: cursor,
          endMs: cursor + duration,
          ttftMs: null,
          inputTokens: 0,
          cachedInputTokens: 0,
          outputTokens: 0,
          reasoningTokens: 0,
          costUsd: kind === 'tool' ? 0.0001 : 0,
          status: 'ok',
          error: null,
          retries: 0,
          retryWaitMs: 0,
          queueWaitMs: 0,
          finishReason: null,
          itlMs: null,
          simulated,
          ...extra,
        };
        spans.push(span);
        cursor = span.endMs;
        steps++;
        cost += span.costUsd ?? 0;
      };
      const chat = (name: string) => {
        const slow = (options.chatSlowdown ?? 1) * load;
        const ttft = lognormal(120, 0.4) * slow;
        const decode = lognormal(400, 0.35) * slow;
        const output = Math.round(decode / 10);
        const input = 800;
        outputTokens += output;
        inputTokens += input;
        addSpan('chat', name, ttft + decode, {
          ttftMs: ttft,
          inputTokens: input,
          outputTokens: output,
          costUsd: input * 1e-6 + output * 4e-6,
          queueWaitMs: concurrency > 8 ? lognormal(5, 0.5) : 0,
          finishReason: 'stop',
          itlMs: output > 1 ? gapSummary(output - 1, decode / (output - 1)) : null,
        });
      };
      chat('sim-large');
      addSpan('embed', 'sim-embed', lognormal(15, 0.3));
      addSpan('retrieval', 'vector-search', lognormal(25, 0.4));
      const tool = TOOLS[index % TOOLS.length]!;
      const toolName = hostile !== null && index === 3 ? `${tool}${hostile}` : tool;
      addSpan('tool', toolName, lognormal(80, 0.6) * (options.toolSlowdown?.[tool] ?? 1) * load);
      for (let extra = 0; extra < (options.extraToolSteps ?? 0); extra++) {
        const name = TOOLS[(index + extra + 1) % TOOLS.length]!;
        addSpan('tool', name, lognormal(40, 0.6) * (options.toolSlowdown?.[name] ?? 1) * load);
      }
      chat('sim-large');
      const endMs = cursor + lognormal(2, 0.3);
      agentFreeAt[agent] = endMs;
      const passed = random() < (options.passRate ?? 0.85);
      const error = hostile !== null && index === 5 ? `tool failed: ${hostile}` : null;
      if (endMs > levelEnd) levelEnd = endMs;
      const record: TaskRecord = {
        runId,
        level: label,
        task,
        caseId: `case-${index % 17}`,
        taskExecId,
        fabric,
        warmup: false,
        scheduledAtMs,
        startMs,
        endMs,
        e2eMs: endMs - scheduledAtMs,
        passed: error === null && passed,
        score: passed ? 1 : 0,
        error,
        gradeReason: hostile !== null && index === 7 ? `answer was ${hostile}` : null,
        costUsd: cost,
        pricedCostUsd: cost,
        steps,
        inputTokens,
        cachedInputTokens: 0,
        outputTokens,
      };
      yield { task: record, spans };
    }
    clock = levelEnd + 100;
  }
}

function latency(values: number[]): LatencySummary {
  const n = values.length;
  return {
    n,
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    mean: n === 0 ? null : values.reduce((sum, value) => sum + value, 0) / n,
    max: n === 0 ? null : largest(values),
    ci95: {
      p95: n >= 60 ? [quantile(values, 0.93)!, quantile(values, 0.97)!] : null,
      p99: n >= 300 ? [quantile(values, 0.985)!, quantile(values, 0.995)!] : null,
    },
    lowSampleWarnings: n < 1000 ? [`p99 from ${n} samples (< 1000): indicative only`] : [],
    method: 'exact',
  };
}

function block(tasks: TaskRecord[], wallS: number): MetricBlock {
  const passed = tasks.filter((task) => task.passed);
  const costs = tasks.map((task) => task.costUsd ?? 0);
  const totalCost = costs.reduce((sum, value) => sum + value, 0);
  const steps = tasks.reduce((sum, task) => sum + task.steps, 0);
  return {
    tasksCompleted: tasks.length,
    tasksPassed: passed.length,
    tasksErrored: tasks.filter((task) => task.error !== null).length,
    e2eMs: latency(tasks.map((task) => task.e2eMs)),
    passedE2eMs: latency(passed.map((task) => task.e2eMs)),
    stepsPerSecond: steps / wallS,
    tasksPerSecond: tasks.length / wallS,
    goodputTasksPerSecond: passed.length / wallS,
    passRate: tasks.length === 0 ? null : passed.length / tasks.length,
    costPerTaskUsd: {
      mean: totalCost / Math.max(1, tasks.length),
      p95: quantile(costs, 0.95),
      unpricedTasks: 0,
    },
    costPerPassedTaskUsd: passed.length === 0 ? null : totalCost / passed.length,
  };
}

function summarise(
  tasks: TaskRecord[],
  spans: SpanRecord[],
  meta: {
    runId: string;
    suite: string;
    fabric: string;
    simulated: boolean;
    seed: number;
    startedAt: string;
    concurrencies: number[];
  },
): RunResults {
  const spansByTask = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const list = spansByTask.get(span.taskExecId);
    if (list === undefined) spansByTask.set(span.taskExecId, [span]);
    else list.push(span);
  }
  const levels: LevelResult[] = meta.concurrencies.map((concurrency) => {
    const label = `c${concurrency}`;
    const levelTasks = tasks.filter((task) => task.level === label);
    const wallS =
      (largest(levelTasks.map((task) => task.endMs)) + largest(levelTasks.map((task) => -task.startMs))) /
      1000;
    const byTask: Record<string, MetricBlock> = {};
    for (const name of new Set(levelTasks.map((task) => task.task))) {
      byTask[name] = block(
        levelTasks.filter((task) => task.task === name),
        wallS,
      );
    }
    const levelSpans = levelTasks.flatMap((task) => spansByTask.get(task.taskExecId) ?? []);
    const totalE2e = levelTasks.reduce((sum, task) => sum + task.e2eMs, 0);
    const byStepKind: Record<string, StepKindSummary> = {};
    for (const kind of new Set(levelSpans.map((span) => span.kind))) {
      const durations = levelSpans
        .filter((span) => span.kind === kind)
        .map((span) => span.endMs - span.startMs);
      byStepKind[kind] = {
        count: durations.length,
        ms: { p50: quantile(durations, 0.5), p95: quantile(durations, 0.95), p99: quantile(durations, 0.99) },
        criticalPathShare: durations.reduce((sum, value) => sum + value, 0) / totalE2e,
      };
    }
    return {
      ...block(levelTasks, wallS),
      label,
      mode: 'closed',
      concurrency,
      fabric: meta.fabric,
      wallS,
      warmupTasks: 0,
      byTask,
      byStepKind,
      servingByRole: servingFiguresByRole(levelSpans, wallS),
      harness: {
        eventLoopLagMs: { p50: 0.4, p99: 2.1, max: 9 },
        cpuFraction: 0.12,
        startLagP99Ms: 0,
        warnings:
          concurrency >= 64 ? ['event-loop lag p99 above 20 ms: latencies may include harness delay'] : [],
      },
      partial: false,
    };
  });
  return {
    schemaVersion: 1,
    runId: meta.runId,
    suite: meta.suite,
    fabric: meta.fabric,
    simulated: meta.simulated,
    status: 'complete',
    startedAt: meta.startedAt,
    finishedAt: meta.startedAt,
    seed: meta.seed,
    environment: {
      agentperfVersion: '0.1.0',
      node: 'v20.20.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 24,
      hostname: 'test-host',
      gitRevision: 'abc1234',
    },
    config: {},
    prepareMs: {},
    levels,
    thresholds: [],
  };
}

function largest(values: number[]): number {
  let found = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > found) found = value;
  return found;
}

/** A streamed call's [count, p50, p95, max] inter-token summary around a mean gap. */
function gapSummary(count: number, meanGapMs: number): [number, number, number, number] {
  return [count, meanGapMs * 0.9, meanGapMs * 1.6, meanGapMs * 3];
}
