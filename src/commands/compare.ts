import { writeFileSync } from 'node:fs';
import { compareRuns } from '../analysis/index.js';
import { partialRunWarnings, renderComparisonMarkdown, resolveRun } from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';

export interface CompareCommandArgs {
  /** Baseline run (id or directory). */
  a: string;
  /** Candidate run (id or directory). */
  b: string;
  /** Exit 1 when any metric is significantly worse. */
  failOnRegression?: boolean;
  /** Also write the Markdown comparison to this file. */
  out?: string;
  format?: 'md' | 'json';
  seed?: number;
  resamples?: number;
}

/**
 * `agentperf compare A B`: every metric per level with its change, a 95%
 * bootstrap interval and a verdict. Exit 1 with --fail-on-regression when
 * something got significantly worse, else 0.
 */
export async function compareCommand(args: CompareCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const [baseline, candidate] = await Promise.all([resolveRun(args.a, deps), resolveRun(args.b, deps)]);
  const comparison = compareRuns(baseline, candidate, {
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
  });
  const warnings = [...partialRunWarnings(baseline), ...partialRunWarnings(candidate)];
  for (const warning of warnings) process.stderr.write(`agentperf: warning: ${warning}\n`);
  const banner = warnings.map((warning) => `> **Warning: ${warning}.**\n\n`).join('');
  const text =
    args.format === 'json'
      ? `${JSON.stringify({ ...comparison, warnings }, null, 2)}\n`
      : banner + renderComparisonMarkdown(comparison);
  write(text);
  if (args.out !== undefined) writeFileSync(args.out, text);
  return args.failOnRegression === true && comparison.regressions.length > 0 ? 1 : 0;
}
