import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseHistory, historySeries } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import { renderHistoryHtml, renderHistoryMarkdown } from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';

export interface HistoryCommandArgs {
  /** Suite name; optional when the store holds one suite only. */
  suite?: string;
  fabric?: string;
  /** Most recent runs to analyse. Default 52. */
  limit?: number;
  /** Directory for history.html and history.md. Default: the runs directory. */
  out?: string;
  format?: 'html' | 'md' | 'both';
  /** Exit 1 when the latest run is a significant regression against the stretch before it. */
  failOnRegression?: boolean;
  /** Print the analysis as one JSON document instead of the Markdown. */
  json?: boolean;
  /** Keep runs whose harness warned (excluded by default). */
  includeImpaired?: boolean;
}

/** `agentperf history`: each metric over the suite's stored runs, change points, and the first mover. */
export async function historyCommand(args: HistoryCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  if (deps.store === null)
    throw new UsageError('history needs the run store', 'run `agentperf run` first, or pass --store');
  const suite = args.suite ?? onlySuite((await deps.store.listRuns()).map((run) => run.suite));
  const analysis = analyseHistory(
    await historySeries(deps.store, {
      suite,
      ...(args.limit === undefined ? {} : { limit: args.limit }),
      ...(args.fabric === undefined ? {} : { fabric: args.fabric }),
      includeImpaired: args.includeImpaired === true,
    }),
  );
  // Every run impaired is no usage error: the output lists them and says how to keep them.
  if (analysis.runs.length === 0 && analysis.excluded.length === 0)
    throw new UsageError(`the store has no finished runs of suite "${suite}"`);
  const markdown = renderHistoryMarkdown(analysis);
  const directory = args.out ?? deps.runsDir;
  mkdirSync(directory, { recursive: true });
  const format = args.format ?? 'both';
  if (format !== 'md') writeFileSync(join(directory, 'history.html'), renderHistoryHtml(analysis));
  if (format !== 'html') writeFileSync(join(directory, 'history.md'), markdown);
  write(args.json === true ? `${JSON.stringify(analysis, null, 2)}\n` : markdown);
  return args.failOnRegression === true && analysis.latestRegressions.length > 0 ? 1 : 0;
}

function onlySuite(suites: string[]): string {
  const distinct = [...new Set(suites)];
  if (distinct.length === 1) return distinct[0]!;
  throw new UsageError(
    distinct.length === 0
      ? 'the store holds no runs yet'
      : `the store holds several suites: ${distinct.join(', ')}`,
    'name one with --suite',
  );
}
