import { setMaxListeners } from 'node:events';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../clock.js';
import { type LoadedSuite, loadSuiteFile } from '../config/index.js';
import { AgentperfError, ConfigError } from '../errors.js';
import { closeAllOpen, describeOpenHandles } from '../lifecycle/index.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';
import type { AgentWorkerInit, FromWorker, ToWorker, WorkerFailure } from './agent-protocol.js';
import { loadCases } from './case-plan.js';
import { runClosedLoop } from './closed-loop.js';
import type { ExecutionEnvironment } from './execute-task.js';
import { HarnessMonitor } from './harness-monitor.js';
import { LevelDriver } from './level-driver.js';
import { runOpenLoop } from './open-loop.js';
import { prepareTasks, releaseShared } from './prepare-tasks.js';
import { connectFabric } from './routes.js';
import { placeTools } from './tool-placement.js';
import { toolTables } from './tool-tables.js';

/**
 * One agent worker thread of `run --workers N`: its own event loop, HTTP
 * clients and tools; it loads the suite itself, runs its share of each
 * level, and sends what it measured to the main thread in batches.
 */
const init = workerData as AgentWorkerInit;
const port = parentPort as MessagePort;
const post = (message: FromWorker): void => port.postMessage(message);

/** Records cross to the main thread in batches: one message per batch, not per span. */
const BATCH_ITEMS = 256;
const BATCH_MS = 10;

class RecordBatch {
  private spans: SpanRecord[] = [];
  private tasks: TaskRecord[] = [];
  private started = 0;
  private timer: NodeJS.Timeout | null = null;
  addSpan(span: SpanRecord): void {
    this.spans.push(span);
    this.due();
  }
  addTask(task: TaskRecord): void {
    this.tasks.push(task);
    this.due();
  }
  addStart(): void {
    this.started += 1;
    this.due();
  }
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.spans.length === 0 && this.tasks.length === 0 && this.started === 0) return;
    post({ type: 'batch', spans: this.spans, tasks: this.tasks, started: this.started });
    this.spans = [];
    this.tasks = [];
    this.started = 0;
  }
  private due(): void {
    if (this.spans.length + this.tasks.length >= BATCH_ITEMS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }
}

function failure(error: unknown): WorkerFailure {
  const known = AgentperfError.is(error);
  return {
    message: (error as Error)?.message ?? String(error),
    kind: known ? error.kind : null,
    hint: known ? (error.hint ?? null) : null,
    issues: error instanceof ConfigError ? error.issues : null,
  };
}

async function loadSuite(): Promise<LoadedSuite> {
  const { loader, file } = init.suite;
  if (loader !== null) {
    const module = (await import(loader)) as {
      loadSuiteForWorker(file: string | null): Promise<LoadedSuite>;
    };
    return module.loadSuiteForWorker(file);
  }
  if (file === null)
    throw new AgentperfError('usage', 'a suite built in code cannot run in worker threads (it has no file)', {
      hint: 'run it with workers: 1, or load it from a suite file',
    });
  return loadSuiteFile(file, async () => undefined);
}

/** What a tool or task left holding this thread's loop, given the main thread's grace time to wind down ("" when nothing). */
async function lingering(): Promise<string> {
  const deadline = Date.now() + LINGER_GRACE_MS;
  for (;;) {
    // A file operation or a socket closing takes a few turns to leave the loop.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const still = describeOpenHandles(['MessagePort']);
    if (still === '' || Date.now() >= deadline) return still;
  }
}

/** As long as the safety exit waits for the main thread (src/lifecycle/safety-exit.ts). */
const LINGER_GRACE_MS = 2000;

const runAbort = new AbortController();
setMaxListeners(0, runAbort.signal);
const batch = new RecordBatch();
let driver: LevelDriver | null = null;
let stopRequested = false;
let close: (() => Promise<void>) | null = null;
let level: Promise<void> = Promise.resolve();

async function start(): Promise<(message: Extract<ToWorker, { type: 'level' }>) => Promise<void>> {
  const { run } = init;
  const suite = await loadSuite();
  const planned = await loadCases(
    suite.tasks.filter((task) => run.taskNames.includes(task.name)),
    run.seed,
  );
  const connection = await connectFabric(run.fabricName, run.fabric, {
    seed: run.seed,
    env: process.env,
    suiteFile: suite.file ?? '(bundled suite)',
    simulators: new Map(init.simulators),
  });
  let placed: Awaited<ReturnType<typeof placeTools>> | null = null;
  close = async () => {
    await placed?.close();
    await releaseShared(planned);
    await connection.close();
  };
  // prepare() runs in every worker: what it returns (an index, a pool) lives in this thread.
  const prepareMs = await prepareTasks(planned, {
    routes: connection.routes,
    clock: systemClock,
    seed: run.seed,
    signal: runAbort.signal,
    onProgress: (task, done, total, what) => {
      if (init.worker.index === 0) post({ type: 'prepare', task, done, total, what });
    },
  });
  placed = await placeTools(planned, run.fabric.placement, run.seed);
  const environment: ExecutionEnvironment = {
    runId: init.runId,
    // Each thread has its own performance.timeOrigin: the run's epoch in this thread's clock.
    runEpoch: init.runEpochAbs - performance.timeOrigin,
    clock: systemClock,
    fabric: run.fabricName,
    routes: connection.routes,
    taskTimeoutMs: run.taskTimeoutMs,
    runSignal: runAbort.signal,
    tools: toolTables(planned, placed.byTask),
    agentHost: run.fabric.placement?.agent ?? null,
    ...(init.shardOnRecords === null ? {} : { shard: init.shardOnRecords }),
    emitSpan: (span) => batch.addSpan(span),
  };
  post({ type: 'ready', prepareMs });
  return async (message) => {
    const monitor = new HarnessMonitor();
    let started = 0;
    driver = new LevelDriver({
      level: message.level,
      environment,
      tasks: planned,
      seed: run.seed,
      resumed: message.resumed === null ? null : { ...message.resumed, tasks: [], spans: [] },
      onStart: () => {
        started += 1;
        batch.addStart();
      },
      onRecord: (record) => batch.addTask(record),
    });
    driver.stopRequested = stopRequested;
    const startedAt = message.startAbs - performance.timeOrigin;
    monitor.start();
    if (message.level.mode === 'closed') await runClosedLoop(driver, init.shard, init.worker, startedAt);
    else await runOpenLoop(driver, run.seed, init.shard, init.worker, startedAt);
    const measured = monitor.stop(driver.startLagsMs, driver.pacedStarts);
    // A worker whose share of the level is empty (one agent, two workers) ends at once: its utilisation
    // over that instant means nothing (it reads as 100% busy), so it reports an idle thread.
    const harness = started === 0 ? { ...measured, cpuFraction: 0, warnings: [] } : measured;
    driver = null;
    stopRequested = false;
    batch.flush();
    post({ type: 'level-done', harness });
  };
}

const started = start();
started.catch((error: unknown) => post({ type: 'failed', error: failure(error) }));
port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'level':
      // A stop sent while the last level was ending is not this level's.
      stopRequested = false;
      level = started.then((runLevel) => runLevel(message));
      level.catch((error: unknown) => post({ type: 'failed', error: failure(error) }));
      break;
    case 'stop':
      // The level's stop rule fired on the main thread: start nothing more.
      stopRequested = true;
      if (driver !== null) driver.stopRequested = true;
      break;
    case 'abort':
      runAbort.abort(new Error(message.reason));
      break;
    case 'close':
      void level
        .catch(() => undefined)
        .then(() => close?.())
        .catch(() => undefined)
        .then(async () => {
          batch.flush();
          // What the suite module opened at import (MCP sessions and the like) closes here, in its thread.
          const unclosed = await closeAllOpen();
          post({ type: 'closed', lingering: await lingering(), unclosed });
          port.close();
        });
      break;
  }
});
