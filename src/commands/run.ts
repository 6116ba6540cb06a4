import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { type LoadedSuite, loadSuiteFile, resolveRun, type RunOverrides } from '../config/index.js';
import { renderPlacements, renderSummaryTable, renderTaskTable } from '../report/index.js';
import { readResumeState, runSuite } from '../runner/index.js';
import type { RunResults } from '../spec/index.js';
import { checkRunLocation, isPostgresUrl, storeReference } from '../store/index.js';
import { bundledTask, loadDefaultSuite } from './default-suite.js';
import { createProgress } from './live-progress.js';
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
  /** "i/N": run shard i of N (else JOB_COMPLETION_INDEX / JOB_COMPLETIONS when set). */
  shard?: string;
  /** When every shard starts its first level (ISO 8601 or Unix seconds). */
  startAt?: string;
  /** Shards meet in the shared store before every level and start it together. */
  rendezvous?: boolean;
  /** Continue this partial or killed run directory: same plan, only what is missing runs. */
  resume?: string;
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
        };
  const outDir = resolve(options.out);
  const storePath = storeReference(options.store, outDir, process.env);
  // A misplaced, locked or corrupt store fails now, before the suite loads or anything is measured.
  // A PostgreSQL store is checked when the writer connects (one line naming the server, password masked).
  checkRunLocation(outDir, isPostgresUrl(storePath) ? null : storePath);
  const bundled = options.suite === undefined;
  const suite: LoadedSuite = bundled
    ? await loadDefaultSuite()
    : await loadSuiteFile(options.suite!, bundledTask);
  // With no suite named, the newcomer's run compares every bundled fabric, single-call probe included.
  const fabrics = fabricList(suite, options.fabric ?? (bundled ? 'all' : undefined));
  const shard = resolveShard(options.shard, process.env);
  const startAt = parseStartAt(options.startAt);
  if (options.rendezvous === true && (shard === undefined || startAt === undefined))
    throw new UsageError(
      '--rendezvous needs a shard (--shard i/N or JOB_COMPLETION_INDEX) and --start-at',
      'every shard gets the same --start-at, which also names their meeting in the store',
    );
  const singleCall = options.singleCall ?? bundled;
  const finished: string[] = [];
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
  try {
    for (const fabric of fabrics) {
      if (interrupt.signal.aborted) break;
      const run = resolveRun(suite, { ...options, fabric });
      const progress = createProgress(process.stderr, { quiet: options.quiet ?? false });
      const shown = progress.runStarted;
      progress.runStarted = (info) => {
        writeRunPlan(info.runDir, {
          runId: info.runId,
          startedAt: info.startedAt,
          suiteName: info.suite,
          fabric: info.fabric,
          simulated: info.simulated,
          suite: options.suite === undefined ? null : resolve(options.suite),
          overrides: { ...overridesOf(options), fabric: run.fabricName },
          singleCall,
        });
        shown?.(info);
      };
      try {
        const outcome = await runSuite({
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
          ...(shard === undefined ? {} : { shard }),
          ...(startAt === undefined ? {} : { startAt }),
          ...(options.rendezvous === true ? { rendezvous: {} } : {}),
        });
        if (!options.quiet) {
          const width = process.stdout.columns ?? 100;
          const color = process.stdout.isTTY === true;
          process.stdout.write(`${renderSummaryTable(outcome.results, { color, width }).trimEnd()}\n`);
          process.stdout.write(`\nby task\n${renderTaskTable(outcome.results, { color, width })}\n\n`);
          process.stdout.write(
            `results: ${outcome.runDir}/results.json · report: ${outcome.runDir}/report.html\n`,
          );
        }
        for (const threshold of outcome.results.thresholds.filter((item) => !item.passed)) {
          process.stderr.write(`agentperf: threshold failed: ${threshold.message}\n`);
        }
        if (outcome.exitCode !== 0) exitCode = outcome.exitCode;
        finished.push(outcome.runDir);
      } finally {
        progress.stop();
      }
    }
    if (finished.length > 1) writePlacements(finished, outDir, options.quiet ?? false);
    if (finished.length > 1 && !options.quiet) await printScorecard(finished, outDir);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // An interrupted run kept what it measured, but it did not finish: say so to scripts.
  return interrupt.signal.aborted ? 130 : exitCode;
}

/** Several fabrics were run: latency, token cost, hardware cost and energy per task, side by side. */
function writePlacements(runDirs: string[], outDir: string, quiet: boolean): void {
  const runs = runDirs.map(
    (dir) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults,
  );
  const placements = renderPlacements(runs);
  const base = join(outDir, `${runs[0]!.runId}-placements`);
  writeFileSync(`${base}.md`, placements.markdown);
  writeFileSync(`${base}.html`, placements.html);
  if (!quiet) process.stdout.write(`\nplacements side by side: ${base}.html\n`);
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
    ...overrides
  } = options;
  return overrides;
}

/** Several fabrics were run: rank them side by side, as `agentperf scorecard` would. */
async function printScorecard(runDirs: string[], outDir: string): Promise<void> {
  const { scorecardCommand } = await import('./scorecard.js');
  process.stdout.write('\n');
  await scorecardCommand({ runs: runDirs }, { store: null, runsDir: outDir });
  process.stdout.write(
    `(again later: agentperf scorecard ${runDirs.map((dir) => dir.split('/').pop()).join(' ')})\n`,
  );
}

/** --fabric NAME, a comma list, or "all"; the suite's default when absent. */
function fabricList(suite: LoadedSuite, requested: string | undefined): Array<string | undefined> {
  if (requested === undefined) return [undefined];
  if (requested === 'all') return Object.keys(suite.config.fabrics);
  return requested.split(',').map((name) => name.trim());
}
