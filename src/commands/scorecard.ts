import { writeFileSync } from 'node:fs';
import { buildScorecard } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import { renderScorecardMarkdown, resolveRun } from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';

export interface ScorecardCommandArgs {
  /** Two or more runs (ids or directories) of the same suite on different fabrics. */
  runs: string[];
  /** Also write the Markdown scorecard to this file. */
  out?: string;
  format?: 'md' | 'json';
  /** Chat role whose single-call probe to rank by (default: the alphabetically first probed role). */
  role?: string;
}

/** `agentperf scorecard RUN...`: end-to-end rankings beside the single-call ranking. Exit 0. */
export async function scorecardCommand(
  args: ScorecardCommandArgs,
  deps: AnalysisCommandDeps,
): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  if (args.runs.length < 2)
    throw new UsageError('scorecard needs at least two runs', 'agentperf scorecard RUN_A RUN_B ...');
  const runs = await Promise.all(args.runs.map((reference) => resolveRun(reference, deps)));
  const scorecard = buildScorecard(runs, args.role === undefined ? {} : { role: args.role });
  const text =
    args.format === 'json' ? `${JSON.stringify(scorecard, null, 2)}\n` : renderScorecardMarkdown(scorecard);
  write(text);
  if (args.out !== undefined) writeFileSync(args.out, text);
  return 0;
}
