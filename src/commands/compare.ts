import { writeFileSync } from 'node:fs';
import { compareRuns } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import {
  lastRuns,
  partialRunWarnings,
  type ResolvedRun,
  renderComparisonMarkdown,
  resolveSide,
} from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';
import { checkSameWorkload } from './suite-match.js';

export interface CompareCommandArgs {
  /** Baseline: a run (id or directory), a group id, or a directory of one group's runs. */
  a?: string;
  /** Candidate, in the same forms. With `baselineLast`, `a` alone names the candidate. */
  b?: string;
  /** Use the N most recent earlier runs of the candidate's suite and fabric in the store as the baseline. */
  baselineLast?: number;
  /** Exit 1 when any metric is significantly worse. */
  failOnRegression?: boolean;
  /** Keep runs whose harness warned (excluded by default). */
  includeImpaired?: boolean;
  /** One run a side: the relative change that counts as a regression (default NOISE_FLOOR). */
  noiseFloor?: number;
  /** Multiple-testing adjustment: `bh` (default) or `holm` (see docs/metrics.md). */
  correction?: 'bh' | 'holm';
  /** Also write the Markdown comparison to this file. */
  out?: string;
  format?: 'md' | 'json';
  seed?: number;
  resamples?: number;
  /** Compare runs of different suites or task sets anyway, with a banner saying so. */
  allowDifferentSuites?: boolean;
}

/**
 * `agentperf compare A B`: every metric per level with its change, a 95%
 * interval and a verdict, per step kind and role what moved. Exit 1 with
 * --fail-on-regression when something got significantly worse, else 0.
 */
export async function compareCommand(args: CompareCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  let baseline: ResolvedRun[];
  let candidate: ResolvedRun[];
  if (args.baselineLast !== undefined) {
    if (args.a === undefined || args.b !== undefined)
      throw new UsageError(
        'with --baseline-last N, name only the candidate',
        'agentperf compare --baseline-last 3 RUN',
      );
    candidate = await resolveSide(args.a, deps);
    baseline = await lastRuns(args.baselineLast, candidate, deps);
  } else {
    if (args.a === undefined || args.b === undefined)
      throw new UsageError(
        'compare needs a baseline and a candidate',
        'agentperf compare RUN_A RUN_B (or --baseline-last N RUN)',
      );
    [baseline, candidate] = await Promise.all([resolveSide(args.a, deps), resolveSide(args.b, deps)]);
  }
  const workloadWarning = checkSameWorkload(baseline, candidate, args.allowDifferentSuites === true);
  const comparison = compareRuns(baseline, candidate, {
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
    ...(args.noiseFloor === undefined ? {} : { noiseFloor: args.noiseFloor }),
    ...(args.correction === undefined ? {} : { correction: args.correction }),
    includeImpaired: args.includeImpaired === true,
  });
  const warnings = [
    ...(workloadWarning === null ? [] : [workloadWarning]),
    ...baseline.flatMap(partialRunWarnings),
    ...candidate.flatMap(partialRunWarnings),
  ];
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
