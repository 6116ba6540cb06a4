import { resolve } from 'node:path';
import {
  discoverSuiteFile,
  type LoadedSuite,
  loadSuiteFile,
  resolveRun,
  type RunOverrides,
} from '../config/index.js';
import {
  colorEnabled,
  markdownForTerminal,
  renderServingTable,
  renderSummaryTable,
  renderTaskTable,
  renderThresholdList,
} from '../report/index.js';
import { missingApiKeys } from '../endpoints/index.js';
import { ConfigError } from '../errors.js';
import { runSuite } from '../runner/index.js';
import { defaultStorePath } from '../store/index.js';
import { bundledTask, loadDefaultSuite } from './default-suite.js';
import { createProgress } from './live-progress.js';

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
  /** One JSON document on stdout (each run's results and directory); the tables go to stderr. */
  json?: boolean;
}

/**
 * `agentperf run [SUITE]`: runs the suite on each chosen fabric and prints
 * the four numbers per level. Exit 0, or 1 when a threshold failed.
 */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  // Inside a suite directory (what `agentperf init` writes) a bare `run` means that suite.
  const suiteFile = options.suite ?? discoverSuiteFile(process.cwd());
  const bundled = suiteFile === null;
  if (options.suite === undefined && suiteFile !== null && !options.quiet)
    process.stderr.write(`agentperf: running ${suiteFile} (found in this directory)\n`);
  const suite: LoadedSuite = bundled ? await loadDefaultSuite() : await loadSuiteFile(suiteFile, bundledTask);
  // With no suite named, the newcomer's run compares every bundled fabric, single-call probe included.
  const fabrics = fabricList(suite, options.fabric ?? (bundled ? 'all' : undefined));
  // Resolved and key-checked up front: a bad second fabric must not cost the whole first one.
  const runs = fabrics.map((fabric) => resolveRun(suite, { ...options, fabric }));
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
  const outDir = resolve(options.out);
  const storePath = resolve(options.store ?? defaultStorePath(outDir));
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
    for (const run of runs) {
      if (interrupt.signal.aborted) break;
      const progress = createProgress(process.stderr, { quiet: options.quiet ?? false });
      try {
        const outcome = await runSuite({
          suite,
          run,
          outDir,
          storePath,
          signal: interrupt.signal,
          progress,
          singleCall,
          ...(options.otlp === undefined ? {} : { otlpUrl: options.otlp }),
        });
        if (!options.quiet) {
          const width = human.columns ?? 100;
          const color = colorEnabled(human);
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
      } finally {
        progress.stop();
      }
    }
    if (finished.length > 1 && !options.quiet) await printScorecard(finished, outDir, human);
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

/** Several fabrics were run: rank them side by side, as `agentperf scorecard` would. */
async function printScorecard(runDirs: string[], outDir: string, human: NodeJS.WriteStream): Promise<void> {
  const { scorecardCommand } = await import('./scorecard.js');
  human.write('\n');
  await scorecardCommand(
    { runs: runDirs },
    {
      store: null,
      runsDir: outDir,
      write: (text: string) => human.write(human.isTTY ? markdownForTerminal(text) : text),
    },
  );
  human.write(`(again later: agentperf scorecard ${runDirs.map((dir) => dir.split('/').pop()).join(' ')})\n`);
}

/** --fabric NAME, a comma list, or "all"; the suite's default when absent. */
function fabricList(suite: LoadedSuite, requested: string | undefined): Array<string | undefined> {
  if (requested === undefined) return [undefined];
  if (requested === 'all') return Object.keys(suite.config.fabrics);
  return requested.split(',').map((name) => name.trim());
}
