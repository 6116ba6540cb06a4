import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  discoverSuiteFile,
  type LoadedSuite,
  loadSuiteFile,
  type ResolvedRun,
  resolveRun,
  type RunOverrides,
} from '../config/index.js';
import { missingApiKeys } from '../endpoints/index.js';
import { ConfigError, UsageError } from '../errors.js';
import {
  colorEnabled,
  markdownForTerminal,
  renderPlacements,
  renderServingTable,
  renderSummaryTable,
  renderTaskTable,
  renderThresholdList,
} from '../report/index.js';
import {
  AgentGate,
  defaultWorkers,
  type LoadShare,
  parseWorkers,
  type RunOutcome,
  readResumeState,
  runSuite,
  untilStopFactory,
} from '../runner/index.js';
import { parseThreshold } from '../metrics/index.js';
import type { RunResults } from '../spec/index.js';
import { checkRunLocation, isPostgresUrl, storeReference } from '../store/index.js';
import { bundledTask, loadDefaultSuite } from './default-suite.js';
import { createProgress } from './live-progress.js';
import { checkThresholdTargets } from './threshold-targets.js';
import { readRunPlan, writeRunPlan } from './run-plan-file.js';
import { parseStartAt, resolveShard } from './shard-options.js';

/** Options of `agentperf run`, as parsed from the command line. */
export interface RunCommandOptions extends RunOverrides {
  suite?: string;
  out: string;
  store?: string;
  quiet?: boolean;
  /** Measure lone requests per chat role too (the single-call ranking of the scorecard); default on for the bundled suite. */
  singleCall?: boolean;
  /** OTLP/HTTP endpoint to send every span to. */
  otlp?: string;
  /** `--until` rules: each level runs until every interval is this tight (or its budget ends). */
  until?: string[];
  /** One JSON document on stdout (each run's results and directory); the tables go to stderr. */
  json?: boolean;
  /** Run each fabric this many times (seeds seed..seed+K−1), fabrics interleaved, repeats recorded as one group. */
  repeat?: number;
  /** "i/N": run shard i of N (else JOB_COMPLETION_INDEX / JOB_COMPLETIONS when set). */
  shard?: string;
  /** When every shard starts its first level (ISO 8601 or Unix seconds). */
  startAt?: string;
  /** Shards meet in the shared store before every level and start it together. */
  rendezvous?: boolean;
  /** Continue this partial or killed run directory: same plan, only what is missing runs. */
  resume?: string;
  /** Run the fabrics one after another even when they could run at once (see `fabricsAtOnce`). */
  sequential?: boolean;
  /** `--workers N` as typed: agent worker threads (default: defaultWorkers()). */
  workers?: string;
}

/**
 * `agentperf run [SUITE]`: runs the suite on each chosen fabric and prints
 * the four numbers per level. Exit 0, or 1 when a threshold failed.
 */
export async function runCommand(given: RunCommandOptions): Promise<number> {
  const resumeDir = given.resume === undefined ? undefined : resolve(given.resume);
  const plan = resumeDir === undefined ? undefined : readRunPlan(resumeDir);
  // Resuming reruns the saved plan: the suite and flags of the first attempt, not today's.
  const options: RunCommandOptions =
    plan === undefined
      ? given
      : {
          ...plan.overrides,
          ...(plan.suite === null ? {} : { suite: plan.suite }),
          singleCall: plan.singleCall,
          // The store beside the run directory is the one its first attempt wrote to.
          out: dirname(resumeDir!),
          ...(given.store === undefined ? {} : { store: given.store }),
          ...(given.quiet === undefined ? {} : { quiet: given.quiet }),
          ...(given.json === undefined ? {} : { json: given.json }),
        };
  // How many threads run agents is not part of the plan: a resumed run takes today's flag.
  const workers = given.workers === undefined ? defaultWorkers() : parseWorkers(given.workers);
  const outDir = resolve(options.out);
  const storePath = storeReference(options.store, outDir, process.env);
  // Bad --threshold expressions are input errors (exit 2): refused before anything is created.
  for (const expression of options.thresholds ?? []) parseThreshold(expression);
  // A misplaced, locked or corrupt store fails now, before the suite loads or anything is measured.
  // A PostgreSQL store is checked when the writer connects (one line naming the server, password masked).
  checkRunLocation(outDir, isPostgresUrl(storePath) ? null : storePath);
  // Inside a suite directory (what `agentperf init` writes) a bare `run` means that suite.
  const suiteFile = options.suite ?? discoverSuiteFile(process.cwd());
  const bundled = suiteFile === null;
  if (options.suite === undefined && suiteFile !== null && !options.quiet)
    process.stderr.write(`agentperf: running ${suiteFile} (found in this directory)\n`);
  const suite: LoadedSuite = bundled ? await loadDefaultSuite() : await loadSuiteFile(suiteFile, bundledTask);
  // With no suite named, the newcomer's run compares every bundled fabric, single-call probe included.
  const fabrics = fabricList(suite, options.fabric ?? (bundled ? 'all' : undefined));
  const shard = resolveShard(options.shard, process.env);
  const startAt = parseStartAt(options.startAt);
  if (options.rendezvous === true && (shard === undefined || startAt === undefined))
    throw new UsageError(
      '--rendezvous needs a shard (--shard i/N or JOB_COMPLETION_INDEX) and --start-at',
      'every shard gets the same --start-at, which also names their meeting in the store',
    );
  // Parsed before anything runs: a bad rule is a usage error, not a failed run.
  const levelStop = untilStopFactory(options.until ?? []);
  const overrides = withUntilBudget(options, suite, levelStop !== undefined);
  // Resolved and key-checked up front: a bad second fabric must not cost the whole first one.
  const runs = fabrics.map((fabric) => resolveRun(suite, { ...overrides, fabric }));
  for (const run of runs) checkThresholdTargets(run);
  const missingKeys = missingApiKeys(
    runs.map((run) => ({ name: run.fabricName, fabric: run.fabric })),
    process.env,
    suite.file ?? 'the bundled suite',
  );
  if (missingKeys.length > 0)
    throw new ConfigError(
      missingKeys,
      'set each variable in the environment before the run (keys are never written anywhere)',
    );
  const singleCall = options.singleCall ?? bundled;
  const finished: string[] = [];
  const documents: Array<{ runDir: string; exitCode: number; results: unknown }> = [];
  // With --json stdout carries the one document; everything for people goes to stderr.
  const human = options.json === true ? process.stderr : process.stdout;
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      '\nagentperf: stopping — finished tasks are kept and the run is marked partial (Ctrl-C again to quit now)\n',
    );
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let exitCode = 0;
  const schedule = repeatPlan(fabrics, options.repeat ?? 1);
  const baseSeed = runs[0]!.seed;
  const together = fabricsAtOnce(runs, options, shard, startAt);
  const gate = together ? new AgentGate(gateCapacity(runs)) : undefined;
  type Entry = (typeof schedule)[number];
  const runOne = async (entry: Entry): Promise<RunOutcome> => {
    const { fabric, index, size, groupId } = entry;
    const run = resolveRun(suite, {
      ...overrides,
      fabric,
      ...(size > 1 ? { seed: baseSeed + index } : {}),
    });
    const progress = createProgress(process.stderr, {
      quiet: options.quiet ?? false,
      ...(together ? { label: run.fabricName } : {}),
    });
    const shown = progress.runStarted;
    progress.runStarted = (info) => {
      writeRunPlan(info.runDir, {
        runId: info.runId,
        startedAt: info.startedAt,
        suiteName: info.suite,
        fabric: info.fabric,
        simulated: info.simulated,
        suite: options.suite === undefined ? null : resolve(options.suite),
        // A repeat's own seed, so resuming it reruns the same plan.
        overrides: { ...overridesOf(options), fabric: run.fabricName, seed: run.seed },
        singleCall,
      });
      shown?.(info);
    };
    try {
      return await runSuite({
        suite,
        run,
        outDir,
        storePath,
        signal: interrupt.signal,
        progress,
        singleCall,
        ...(resumeDir === undefined || plan === undefined
          ? {}
          : { resume: { state: readResumeState(resumeDir), startedAt: plan.startedAt } }),
        ...(options.otlp === undefined ? {} : { otlpUrl: options.otlp }),
        ...(levelStop === undefined ? {} : { levelStop }),
        ...(size > 1 ? { group: { id: groupId, index, size } } : {}),
        ...(shard === undefined ? {} : { shard }),
        ...(startAt === undefined ? {} : { startAt }),
        ...(options.rendezvous === true ? { rendezvous: {} } : {}),
        ...(gate === undefined ? {} : { agentGate: gate }),
        workers,
        suiteLoader: WORKER_SUITE_LOADER,
      });
    } finally {
      progress.stop();
    }
  };
  const show = (outcome: RunOutcome): void => {
    if (!options.quiet) {
      const width = human.columns ?? 100;
      const color = colorEnabled(human);
      if (together) human.write(`\n${outcome.results.fabric}\n`);
      human.write(`${renderSummaryTable(outcome.results, { color, width }).trimEnd()}\n`);
      human.write(`\nby task\n${renderTaskTable(outcome.results, { color, width })}\n\n`);
      const serving = renderServingTable(outcome.results.levels, { width });
      if (serving !== '')
        human.write(
          `serving figures per role (ms; TTFT, TPOT, ITL as vLLM bench serve defines them)\n${serving}\n\n`,
        );
      const thresholds = renderThresholdList(outcome.results.thresholds, { color });
      if (thresholds !== '') human.write(`${thresholds}\n\n`);
      human.write(`results: ${outcome.runDir}/results.json · report: ${outcome.runDir}/report.html\n`);
    }
    documents.push({ runDir: outcome.runDir, exitCode: outcome.exitCode, results: outcome.results });
    for (const threshold of outcome.results.thresholds.filter((item) => !item.passed)) {
      process.stderr.write(`agentperf: threshold failed: ${threshold.message}\n`);
    }
    if (outcome.exitCode !== 0) exitCode = outcome.exitCode;
    finished.push(outcome.runDir);
  };
  try {
    for (const round of rounds(schedule, together)) {
      if (interrupt.signal.aborted) break;
      if (round.length === 1) {
        show(await runOne(round[0]!));
        continue;
      }
      // One fabric failing stops the others as Ctrl-C would: what they measured is kept, marked partial.
      const settled = await Promise.allSettled(
        round.map((entry) =>
          runOne(entry).catch((error: unknown) => {
            if (!interrupt.signal.aborted) interrupt.abort(error);
            throw error;
          }),
        ),
      );
      for (const result of settled) if (result.status === 'fulfilled') show(result.value);
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
    }
    if (finished.length > 1) writePlacements(finished, outDir, options.quiet ?? false);
    const groups = [...new Set(schedule.filter((entry) => entry.size > 1).map((entry) => entry.groupId))];
    if (groups.length > 0 && !options.quiet)
      human.write(
        `\ngroups (compare them with \`agentperf compare GROUP_A GROUP_B\`): ${groups.join(' ')}\n`,
      );
    if (finished.length > 1 && groups.length === 0 && !options.quiet)
      await printScorecard(finished, outDir, human);
    if (groups.length > 1 && !options.quiet) await printScorecard(groups, outDir, human);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // An interrupted run kept what it measured, but it did not finish: say so to scripts.
  const code = interrupt.signal.aborted ? 130 : exitCode;
  if (options.json === true)
    process.stdout.write(`${JSON.stringify({ exitCode: code, runs: documents }, null, 2)}\n`);
  return code;
}

/** Where agent worker threads load the suite from: the same loader as this command, bundled tasks included. */
const WORKER_SUITE_LOADER = new URL(
  import.meta.url.endsWith('.ts') ? './default-suite.ts' : './default-suite.js',
  import.meta.url,
).href;

/** Several fabrics were run: latency, token cost, hardware cost and energy per task, side by side. */
function writePlacements(runDirs: string[], outDir: string, quiet: boolean): void {
  const runs = runDirs.map(
    (dir) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults,
  );
  const placements = renderPlacements(runs);
  const base = join(outDir, `${runs[0]!.runId}-placements`);
  writeFileSync(`${base}.md`, placements.markdown);
  writeFileSync(`${base}.html`, placements.html);
  if (!quiet) process.stderr.write(`\nplacements side by side: ${base}.html\n`);
}

/** The flags that shape the plan, as saved for `run --resume`. */
function overridesOf(options: RunCommandOptions): RunOverrides {
  const {
    suite: _suite,
    out: _out,
    store: _store,
    quiet: _quiet,
    singleCall: _singleCall,
    otlp: _otlp,
    resume: _resume,
    sequential: _sequential,
    workers: _workers,
    ...overrides
  } = options;
  return overrides;
}

/** Several fabrics were run: rank them side by side, as `agentperf scorecard` would. */
async function printScorecard(runDirs: string[], outDir: string, human: NodeJS.WriteStream): Promise<void> {
  const { scorecardCommand } = await import('./scorecard.js');
  human.write('\n');
  await scorecardCommand(
    { runs: runDirs, includeImpaired: true },
    {
      store: null,
      runsDir: outDir,
      write: (text: string) => human.write(human.isTTY ? markdownForTerminal(text) : text),
    },
  );
  human.write(`(again later: agentperf scorecard ${runDirs.map((dir) => dir.split('/').pop()).join(' ')})\n`);
}

/**
 * A level under --until with no budget of its own (no --tasks, --duration or
 * suite setting) runs at most the --full count (1,000 measured tasks), so
 * a rule that cannot be met still ends.
 */
function withUntilBudget(options: RunCommandOptions, suite: LoadedSuite, until: boolean): RunCommandOptions {
  const budgeted =
    options.tasks !== undefined ||
    options.duration !== undefined ||
    suite.config.tasksPerLevel !== undefined ||
    suite.config.durationS !== undefined;
  return until && !budgeted ? { ...options, full: true } : options;
}

/**
 * The order of a `--repeat K` run: repeat by repeat, every fabric once per
 * repeat, in reversed order on odd repeats (A B, B A, ...), so slow drift of
 * a shared machine falls on every fabric alike.
 */
export function repeatPlan(
  fabrics: Array<string | undefined>,
  repeat: number,
): { fabric: string | undefined; index: number; size: number; groupId: string }[] {
  const stamp = `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const groupOf = (fabric: string | undefined) => `g-${stamp}${fabric === undefined ? '' : `-${fabric}`}`;
  const plan = [];
  for (let index = 0; index < repeat; index++) {
    const order = index % 2 === 0 ? fabrics : [...fabrics].reverse();
    for (const fabric of order) plan.push({ fabric, index, size: repeat, groupId: groupOf(fabric) });
  }
  return plan;
}

/**
 * Several fabrics run at the same time, sharing an AgentGate, unless told
 * otherwise or unsafe: two fabrics that call the same real endpoint would
 * load one server together (simulated fabrics never share one: each run
 * starts its own simulator), and shards keep their own start schedule.
 */
function fabricsAtOnce(
  runs: readonly ResolvedRun[],
  options: RunCommandOptions,
  shard: LoadShare | undefined,
  startAt: Date | undefined,
): boolean {
  if (runs.length < 2 || options.sequential === true || shard !== undefined || startAt !== undefined)
    return false;
  const owners = new Map<string, string>();
  for (const run of runs) {
    for (const endpoint of Object.values(run.fabric.endpoints)) {
      const url = 'baseUrl' in endpoint && typeof endpoint.baseUrl === 'string' ? endpoint.baseUrl : null;
      if (url === null || endpoint.type === 'simulator') continue;
      const owner = owners.get(url);
      if (owner !== undefined && owner !== run.fabricName) {
        if (!options.quiet)
          process.stderr.write(
            `agentperf: fabrics ${owner} and ${run.fabricName} share ${url}: running them one after another\n`,
          );
        return false;
      }
      owners.set(url, run.fabricName);
    }
  }
  return true;
}

/**
 * Agents the harness drives at once across fabrics: the largest level, plus
 * the smallest level of each other fabric, so one fabric's largest level
 * can run while the others finish their one-agent levels (64 + 1 + 1 for
 * the bundled suite) but two large levels never overlap.
 */
function gateCapacity(runs: readonly ResolvedRun[]): number {
  const agents = runs.flatMap((run) => run.levels.map((level) => level.concurrency ?? 1));
  const largest = Math.max(1, ...agents);
  const smallest = Math.max(1, Math.min(...agents));
  return largest + (runs.length - 1) * smallest;
}

/** The schedule in rounds: each repeat's fabrics together when they run at once, else one by one. */
function rounds<T extends { index: number }>(schedule: readonly T[], together: boolean): T[][] {
  if (!together) return schedule.map((entry) => [entry]);
  const byRepeat = new Map<number, T[]>();
  for (const entry of schedule) byRepeat.set(entry.index, [...(byRepeat.get(entry.index) ?? []), entry]);
  return [...byRepeat.values()];
}

/** --fabric NAME, a comma list, or "all"; the suite's default when absent. */
function fabricList(suite: LoadedSuite, requested: string | undefined): Array<string | undefined> {
  if (requested === undefined) return [undefined];
  if (requested === 'all') return Object.keys(suite.config.fabrics);
  return requested.split(',').map((name) => name.trim());
}
