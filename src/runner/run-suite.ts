import { setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { LoadedSuite, ResolvedLevel, ResolvedRun } from '../config/index.js';
import { computeLevelResult, evaluateThresholds, parseThreshold, SpanCollector } from '../metrics/index.js';
import { RecordWriter, openMeetingPoint } from '../store/index.js';
import type {
  Clock,
  HarnessHealth,
  LevelResult,
  RunGroup,
  RunResults,
  ShardMeetingPoint,
  SingleCallProbe,
  SpanRecord,
  TaskRecord,
} from '../spec/index.js';
import { type PlannedTask, loadCases } from './case-plan.js';
import { runClosedLoop } from './closed-loop.js';
import { captureEnvironment } from './environment.js';
import type { ExecutionEnvironment } from './execute-task.js';
import { HarnessMonitor, withSimulatorHealth, worstHealth } from './harness-monitor.js';
import { LevelDriver } from './level-driver.js';
import { type LevelStopFactory, LevelStopWatch } from './level-stop.js';
import { runOpenLoop } from './open-loop.js';
import { prepareTasks, releaseShared } from './prepare-tasks.js';
import type { LevelProgress, ResumeState } from './resume-state.js';
import type { ProgressSink } from './progress.js';
import { connectFabric } from './routes.js';
import { savedConfig } from './saved-config.js';
import { planDigest } from './plan-digest.js';
import { type LoadShare, WHOLE, shareAgents, shareRate } from './shard-split.js';
import { type IdleProbe, probeWhileIdle } from './single-call-probe.js';
import { type PlacedTools, placeTools } from './tool-placement.js';
import { type AgentGate, levelPermits } from './agent-gate.js';
import { meetShards } from './shard-meeting.js';
import { toolTables } from './tool-tables.js';
import { AgentPool } from './agent-pool.js';
import { waitForStart } from './start-at.js';

export interface RunSuiteOptions {
  suite: LoadedSuite;
  run: ResolvedRun;
  /** Parent of run directories (default agentperf-runs). */
  outDir: string;
  /** The run store: a SQLite file path or a postgres:// URL. */
  storePath: string;
  /** Aborting it stops the run gracefully: finished tasks are kept, the run is marked partial. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** Writes report.md and report.html beside results.json (default true). */
  writeReports?: boolean;
  /** Also measure lone requests per chat role (time to first token, tokens/s) before the levels. */
  singleCall?: boolean;
  /** Send every span to this OpenTelemetry collector (OTLP/HTTP JSON) after each level. */
  otlpUrl?: string;
  /** A rule that may end each level early (`--until`, capacity probes); see level-stop.ts. */
  levelStop?: LevelStopFactory;
  /** This run's place among the repeats of `run --repeat K` (saved in results.json). */
  group?: RunGroup;
  /** Run only this shard's share of every level (`run --shard i/N`). */
  shard?: LoadShare;
  /** Wall-clock time every shard starts its first level at (`run --start-at`). */
  startAt?: Date;
  /**
   * Shards meet in the store before every level and start it together
   * (`run --rendezvous`); needs a shard, a start time and one shared store.
   */
  rendezvous?: { timeoutMs?: number };
  /** Continue this partial or killed run (same id and directory): only what is missing runs. */
  resume?: { state: ResumeState; startedAt: string };
  /** Shared with runs on other fabrics at the same time: each level holds permits for its agents. */
  agentGate?: AgentGate;
  /**
   * Agent worker threads (`run --workers N`, default 1 here: the main
   * thread runs the agents). With more, each worker loads the suite from
   * its file itself (see `suiteLoader`), runs prepare() and its share of
   * every level; the main thread schedules and gathers the records.
   */
  workers?: number;
  /**
   * URL of a module exporting `loadSuiteForWorker(file)`, which worker
   * threads load the suite with (the CLI's knows the bundled tasks). Without
   * it workers load `suite.file` with no bundled tasks.
   */
  suiteLoader?: string;
}

export interface RunOutcome {
  runId: string;
  runDir: string;
  results: RunResults;
  /** 0 all thresholds passed, 1 one failed. */
  exitCode: 0 | 1;
}

/**
 * Runs a suite on one fabric at every level, streaming records to the run
 * directory and the store, and returns the computed results.
 */
export async function runSuite(options: RunSuiteOptions): Promise<RunOutcome> {
  const outcome = await measureSuite(options);
  // Written once the run's agents, tools and connections are closed, so the
  // report's streaming pass does not run beside memory they still hold.
  if (options.writeReports !== false) await writeReports(outcome.runDir, options.progress ?? {});
  return outcome;
}

async function measureSuite(options: RunSuiteOptions): Promise<RunOutcome> {
  const { suite, run } = options;
  const clock = options.clock ?? systemClock;
  // A failed write stops the run as an interrupt does: nothing more it measures could be kept.
  const writeFailed = new AbortController();
  const signal = AbortSignal.any([options.signal ?? new AbortController().signal, writeFailed.signal]);
  // Endpoints' calls listen to it besides the running tasks' one listener: not a leak.
  setMaxListeners(0, signal);
  const progress = options.progress ?? {};
  // Bad thresholds are input errors: report them before measuring anything.
  const thresholds = run.thresholds.map((expression) => parseThreshold(expression));
  const tasks = suite.tasks.filter((task) => run.taskNames.includes(task.name));
  const planned = await loadCases(tasks, run.seed);
  const share = options.shard ?? WHOLE;
  const shardInfo =
    options.shard === undefined
      ? undefined
      : {
          index: share.index,
          count: share.count,
          planDigest: planDigest(run, planned),
          startAt: options.startAt?.toISOString() ?? null,
        };
  const connection = await connectFabric(run.fabricName, run.fabric, {
    seed: run.seed,
    env: options.env ?? process.env,
    suiteFile: suite.file ?? '(bundled suite)',
  });
  const resume = options.resume?.state ?? null;
  const startedAt = options.resume === undefined ? new Date() : new Date(options.resume.startedAt);
  const runId =
    resume?.runId ??
    makeRunId(startedAt, run.suiteName, run.fabricName) +
      (shardInfo === undefined ? '' : `-s${share.index}of${share.count}`);
  const runDir = resume?.runDir ?? join(options.outDir, runId);
  let writer: RecordWriter | null = null;
  let placedTools: PlacedTools | null = null;
  let meetingPoint: ShardMeetingPoint | null = null;
  let pool: AgentPool | null = null;
  const workers = options.workers ?? 1;
  try {
    if (options.rendezvous !== undefined && shardInfo !== undefined)
      meetingPoint = await openMeetingPoint(options.storePath);
    await connection.preflight(clock, signal);
    const environmentInfo = captureEnvironment(process.cwd());
    writer = await RecordWriter.open({
      storePath: options.storePath,
      runDir,
      onFailure: (error) => writeFailed.abort(error),
      ...(resume === null ? {} : { resume: { tasks: resume.taskLines, spans: resume.spanLines } }),
      run: {
        runId,
        suite: run.suiteName,
        fabric: run.fabricName,
        startedAt: startedAt.toISOString(),
        simulated: connection.simulated,
        config: savedConfig(run),
        gitRevision: environmentInfo.gitRevision,
      },
    });
    progress.runStarted?.({
      runId,
      runDir,
      startedAt: startedAt.toISOString(),
      suite: run.suiteName,
      fabric: run.fabricName,
      simulated: connection.simulated,
      levels: run.levels,
    });
    for (const role of connection.unpricedRoles) {
      progress.message?.(
        `role "${role}" has no known price: its cost is reported as unpriced, not 0 (add prices in the fabric)`,
      );
    }
    // Resumed: the timeline continues where the kept records end, so levels stay one window.
    const runEpoch = clock.now() - (resume?.endMs ?? 0);
    for (const warning of resume?.warnings ?? []) progress.message?.(`resume: ${warning}`);
    const epochMs = Date.now() - (resume?.endMs ?? 0);
    const onPrepare = (task: string, done: number, total: number, what: string): void =>
      progress.prepareProgress?.(task, done, total, what);
    let prepareMs: Record<string, number>;
    if (workers > 1) {
      // Each worker loads the suite and runs prepare() itself: task modules and their state stay per thread.
      const started = await AgentPool.start(
        workers,
        {
          shard: share,
          shardOnRecords: shardInfo === undefined ? null : share.index,
          suite: { loader: options.suiteLoader ?? null, file: suite.file },
          run,
          runId,
          runEpochAbs: performance.timeOrigin + runEpoch,
          simulators: [...connection.simulators],
        },
        options.env ?? process.env,
        onPrepare,
      );
      pool = started.pool;
      prepareMs = started.prepareMs;
      const activePool = pool;
      signal.addEventListener(
        'abort',
        () => activePool.abort(signal.reason instanceof Error ? signal.reason.message : 'interrupted'),
        { once: true },
      );
      if (signal.aborted) activePool.abort('interrupted');
    } else {
      prepareMs = await prepareTasks(planned, {
        routes: connection.routes,
        clock,
        seed: run.seed,
        signal,
        onProgress: onPrepare,
      });
    }
    // The single-call probe runs when this fabric runs no level, so its
    // requests are lone there: while a level waits for agents other fabrics
    // hold (time the run spends anyway; it then drives one agent's load on
    // top of the gate's, as a one-agent level would), else after the last
    // level. Before the first level it would delay every level of the run.
    let singleCall: Record<string, SingleCallProbe> | undefined;
    let probing: Promise<void> | null = null;
    const idleProbe: IdleProbe = {
      routes: connection.routes,
      chatRoles: [...connection.capabilities]
        .filter(([, capability]) => capability === 'chat')
        .map(([role]) => role),
      clock,
      signal,
      runEpoch,
      simulatorHealth: connection.simulatorHealth,
    };
    const startProbe = (phase: NonNullable<SingleCallProbe['phase']>): Promise<void> => {
      progress.singleCallStarted?.(phase);
      return probeWhileIdle(idleProbe, phase).then(
        (probes) => {
          singleCall = probes;
          progress.singleCallFinished?.(probes);
        },
        // The levels' records are already written: a failed probe costs only its own figures.
        (error: Error) => {
          if (!signal.aborted)
            progress.message?.(
              `single-call probe failed, so the run has no single-call figures (the levels' results are kept): ${error.message}`,
            );
        },
      );
    };
    // A shard probes first, as before: the other shards' levels are not
    // over when its own are, and they may load the same endpoint; before the
    // first rendezvous no shard has started a level.
    if (options.singleCall && shardInfo !== undefined) {
      probing = startProbe('before the levels');
      await probing;
    }
    // With workers, each places its own tools (hosts and relays live in its thread).
    placedTools = pool === null ? await placeTools(planned, run.fabric.placement, run.seed) : null;
    const toolNames = new Set(suite.tasks.flatMap((task) => (task.tools ?? []).map((tool) => tool.name)));
    const unplaceable = Object.keys(run.fabric.placement?.tools ?? {}).filter((name) => !toolNames.has(name));
    if (unplaceable.length > 0) {
      progress.message?.(
        `fabric "${run.fabricName}" places tool(s) no task has: ${unplaceable.join(', ')} (ignored; check the names under placement.tools)`,
      );
    }
    const activeWriter = writer;
    // No span outlives its task: each is folded into the level's digest
    // when its task ends (only an OTLP export keeps a level's spans, to send
    // them). The run's records live in the writer's files; the reports read
    // them back from there.
    const keepSpans = options.otlpUrl !== undefined;
    let levelSpans: SpanRecord[] = [];
    let collector = new SpanCollector();
    const environment: ExecutionEnvironment = {
      runId,
      runEpoch,
      clock,
      fabric: run.fabricName,
      routes: connection.routes,
      taskTimeoutMs: run.taskTimeoutMs,
      runSignal: signal,
      tools: toolTables(planned, placedTools?.byTask ?? new Map()),
      agentHost: run.fabric.placement?.agent ?? null,
      ...(shardInfo === undefined ? {} : { shard: share.index }),
      emitSpan: (span) => {
        collector.addSpan(span);
        if (keepSpans) levelSpans.push(span);
        activeWriter.addSpan(span);
      },
    };
    const levels: LevelResult[] = [];
    const levelWindows: Record<string, [number, number]> = {};
    // Loaded only when asked for: most runs export nothing.
    const exporter =
      options.otlpUrl === undefined
        ? null
        : await import('../export/index.js').then((otlp) =>
            otlp.createOtlpSpanExporter(options.otlpUrl, {
              providers: otlp.providerNames(run.fabric.endpoints),
            }),
          );
    try {
      for (const [index, level] of run.levels.entries()) {
        if (meetingPoint !== null && shardInfo !== undefined)
          await meetShards({
            point: meetingPoint,
            // Shards of one run share the plan and the start time; a rerun gets a new start time.
            group: `${shardInfo.planDigest}|${shardInfo.startAt ?? ''}`,
            step: level.label,
            share,
            clock,
            signal,
            notBefore: index === 0 && options.startAt !== undefined ? options.startAt.getTime() : null,
            progress,
            ...(options.rendezvous?.timeoutMs === undefined
              ? {}
              : { timeoutMs: options.rendezvous.timeoutMs }),
          });
        else if (options.startAt !== undefined)
          await waitForStart(options.startAt, run.levels, index, clock, signal, progress);
        if (signal.aborted) break;
        const gate = options.agentGate;
        const permits = gate === undefined ? 0 : levelPermits(level, gate);
        if (options.singleCall && probing === null && gate?.wouldWait(permits))
          probing = startProbe('while waiting for agents');
        const release = await gate?.acquire(permits, signal);
        // A level never overlaps its own fabric's probe: granted early, it waits for the probe to end.
        await probing;
        if (signal.aborted) {
          release?.();
          break;
        }
        const resumed = resume?.levels.get(level.label) ?? null;
        levelSpans = resumed === null || !keepSpans ? [] : [...resumed.spans];
        collector = new SpanCollector();
        // A resumed level's kept records count as if they had just finished.
        for (const span of resumed?.spans ?? []) collector.addSpan(span);
        for (const task of resumed?.tasks ?? []) collector.addTask(task);
        const levelStart = clock.now() - runEpoch;
        connection.simulatorHealth.reset();
        const { result: measured, records } = await runLevel({
          level,
          index,
          planned,
          environment,
          writer: activeWriter,
          seed: run.seed,
          share,
          progress,
          collector,
          stopWatch: new LevelStopWatch(options.levelStop?.(level) ?? null),
          resumed,
          pool,
          keepRecords: keepSpans,
        }).finally(() => release?.());
        const result = {
          ...measured,
          harness: withSimulatorHealth(measured.harness, await connection.simulatorHealth.read()),
        };
        levels.push(result);
        levelWindows[level.label] = [levelStart, clock.now() - runEpoch];
        progress.levelFinished?.(level, result);
        if (exporter !== null) {
          await exporter
            .export(levelSpans, records, performance.timeOrigin + runEpoch)
            .catch((error: Error) =>
              progress.message?.(`OTLP export failed (the run goes on): ${error.message}`),
            );
        }
      }
      levelSpans = [];
      if (options.singleCall && probing === null && !signal.aborted) {
        // Counted as one agent under the gate, like a one-agent level.
        const release = await options.agentGate?.acquire(1, signal);
        try {
          if (!signal.aborted) {
            probing = startProbe('after the levels');
            await probing;
          }
        } finally {
          release?.();
        }
      }
    } finally {
      await exporter?.close().catch(() => undefined);
    }
    if (activeWriter.failed !== null) throw activeWriter.failed;
    const outcomes = evaluateThresholds(thresholds, levels);
    const results: RunResults = {
      schemaVersion: 1,
      runId,
      suite: run.suiteName,
      fabric: run.fabricName,
      simulated: connection.simulated,
      status: signal.aborted ? 'partial' : 'complete',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      seed: run.seed,
      environment: environmentInfo,
      config: savedConfig(run),
      prepareMs,
      levels,
      thresholds: outcomes,
      ...(singleCall === undefined ? {} : { singleCall }),
      ...(options.group === undefined ? {} : { group: options.group }),
      ...(shardInfo === undefined ? {} : { shard: { ...shardInfo, epochMs, levelWindows } }),
      ...(resume === null
        ? {}
        : {
            resumed: {
              at: new Date().toISOString(),
              keptTasks: resume.tasks.length,
              note: `resumed after an interruption: ${resume.tasks.length} finished task(s) were kept and only the missing executions ran${resume.warnings.length > 0 ? ` (${resume.warnings.join('; ')})` : ''}`,
            },
          }),
    };
    await activeWriter.finish(results);
    await activeWriter.close();
    writer = null;
    return { runId, runDir, results, exitCode: outcomes.every((outcome) => outcome.passed) ? 0 : 1 };
  } finally {
    await writer?.close().catch(() => undefined);
    await pool?.close();
    await placedTools?.close();
    await meetingPoint?.close();
    await releaseShared(planned);
    await connection.close();
  }
}

interface LevelRun {
  level: ResolvedLevel;
  index: number;
  planned: PlannedTask[];
  environment: ExecutionEnvironment;
  writer: RecordWriter;
  seed: number;
  share: LoadShare;
  progress: ProgressSink;
  /** Receives this level's spans (through the environment) and digests them as tasks end. */
  collector: SpanCollector;
  stopWatch: LevelStopWatch;
  /** Resuming: what this level already recorded. */
  resumed: LevelProgress | null;
  /** Agent worker threads that run the level; null: this thread runs it. */
  pool: AgentPool | null;
  /** Keep the level's task records (an OTLP export sends them); otherwise only the digests are. */
  keepRecords: boolean;
}

async function runLevel({
  level,
  index,
  planned,
  environment,
  writer,
  seed,
  share,
  progress,
  collector,
  stopWatch,
  resumed,
  pool,
  keepRecords,
}: LevelRun): Promise<{ result: LevelResult; records: TaskRecord[] }> {
  // Records are kept only for what reads them (a stop rule, an OTLP export);
  // the level's figures come from the collector's digests.
  const keep = keepRecords || stopWatch.ruled;
  const records: TaskRecord[] = resumed === null || !keep ? [] : [...resumed.tasks];
  let requestStop = (): void => undefined;
  const onStart = (): void => progress.taskStarted?.(level);
  const onRecord = (record: TaskRecord): void => {
    if (keep) records.push(record);
    collector.addTask(record);
    writer.addTask(record);
    progress.taskFinished?.(level, record);
    if (stopWatch.consult(records)) requestStop();
  };
  progress.levelStarted?.(level, index);
  let harness: HarnessHealth;
  if (pool !== null) {
    let stopSent = false;
    requestStop = () => {
      if (!stopSent) pool.stop();
      stopSent = true;
    };
    const slim =
      resumed === null ? null : { done: resumed.done, nextN: resumed.nextN, elapsedMs: resumed.elapsedMs };
    harness = worstHealth(
      await pool.runLevel(level, slim, { onSpan: environment.emitSpan, onStart, onRecord }),
    );
  } else {
    const monitor = new HarnessMonitor();
    const driver = new LevelDriver({ level, environment, tasks: planned, seed, resumed, onStart, onRecord });
    requestStop = () => {
      driver.stopRequested = true;
    };
    monitor.start();
    if (level.mode === 'closed') await runClosedLoop(driver, share);
    else await runOpenLoop(driver, seed, share);
    harness = monitor.stop(driver.startLagsMs, driver.pacedStarts);
  }
  collector.discardOpen();
  if (resumed !== null)
    harness.warnings.push(
      `resumed level: ${resumed.tasks.length} execution(s) were kept from before the interruption; harness health covers only the resumed part`,
    );
  const stop = stopWatch.record(records, environment.runSignal.aborted);
  // A shard reports the load it generated itself; merge adds the shards up.
  const result = computeLevelResult({
    label: level.label,
    mode: level.mode,
    ...(level.concurrency === null ? {} : { concurrency: shareAgents(level.concurrency, share) }),
    ...(level.rate === null ? {} : { arrivalRatePerS: shareRate(level.rate, share) }),
    ...(level.process === null ? {} : { arrivalProcess: level.process }),
    fabric: environment.fabric,
    tasks: collector.tasks,
    spans: collector.digest,
    harness,
    partial: environment.runSignal.aborted,
  });
  return { result: stop === undefined ? result : { ...result, stop }, records };
}

async function writeReports(runDir: string, progress: ProgressSink): Promise<void> {
  try {
    // Loaded only now: the report code (and its inlined chart library) is not needed while measuring.
    const { buildReportModel, htmlOfModel, loadRunDirectory, markdownOfModel, streamRunDirectory } =
      await import('../report/index.js');
    // Streamed back from the files the writer finished: the run's records are never all held.
    const model =
      (await streamRunDirectory(runDir))?.model ?? buildReportModel(await loadRunDirectory(runDir));
    await writeFile(join(runDir, 'report.md'), markdownOfModel(model));
    await writeFile(join(runDir, 'report.html'), htmlOfModel(model));
  } catch (error) {
    // The measurements are already safe on disk; a report failure must not lose them.
    progress.message?.(
      `could not write the reports: ${(error as Error).message} (run "agentperf report ${runDir}" to retry)`,
    );
  }
}

function makeRunId(at: Date, suite: string, fabric: string): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const slug = (text: string): string => text.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40);
  return `${stamp}-${slug(suite)}-${slug(fabric)}-${randomBytes(2).toString('hex')}`;
}
