import { writeFileSync } from 'node:fs';
import { buildScorecard, partitionImpaired } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import { type ResolvedRun, renderScorecardMarkdown, resolveSide } from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';

export interface ScorecardCommandArgs {
  /** Two or more entries of the same suite on different fabrics: runs, group ids or a `run --repeat` --out directory. */
  runs: string[];
  /** Also write the Markdown scorecard to this file. */
  out?: string;
  format?: 'md' | 'json';
  /** Chat role whose single-call probe to rank by (default: the alphabetically first probed role). */
  role?: string;
  /** Keep runs whose harness warned (excluded by default). */
  includeImpaired?: boolean;
}

/** `agentperf scorecard RUN...`: end-to-end rankings with intervals beside the single-call ranking. Exit 0. */
export async function scorecardCommand(
  args: ScorecardCommandArgs,
  deps: AnalysisCommandDeps,
): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  if (args.runs.length < 2)
    throw new UsageError('scorecard needs at least two runs', 'agentperf scorecard RUN_A RUN_B ...');
  const sides = await Promise.all(args.runs.map((reference) => resolveSide(reference, deps)));
  refuseMixedWork(sides.flat());
  const excludedNotes: string[] = [];
  const entries: ResolvedRun[][] = [];
  for (const [index, side] of sides.entries()) {
    const { kept, excluded } = partitionImpaired(side, args.includeImpaired === true);
    if (excluded.length > 0)
      excludedNotes.push(
        `${args.runs[index]}: ${excluded.length} run(s) left out, harness warned (${excluded.map((health) => health.runId).join(', ')}); --include-impaired keeps them`,
      );
    if (kept.length > 0) entries.push(kept);
  }
  if (entries.length < 2)
    throw new UsageError(
      `fewer than two entries are left once impaired runs are excluded: ${excludedNotes.join('; ')}`,
      'pass --include-impaired to rank them anyway',
    );
  if (args.role !== undefined) refuseUnknownRole(entries.flat(), args.role);
  const scorecard = buildScorecard(entries, args.role === undefined ? {} : { role: args.role });
  scorecard.notes.push(...excludedNotes);
  const text =
    args.format === 'json' ? `${JSON.stringify(scorecard, null, 2)}\n` : renderScorecardMarkdown(scorecard);
  write(text);
  if (args.out !== undefined) writeFileSync(args.out, text);
  return 0;
}

/** Rankings of unlike work mislead: every run must be the same suite with the same tasks. */
function refuseMixedWork(runs: readonly ResolvedRun[]): void {
  const suites = [...new Set(runs.map((run) => run.results.suite))];
  if (suites.length > 1)
    throw new UsageError(
      `scorecard runs come from different suites (${suites.join(', ')}): their rankings would compare unlike work`,
      'rank runs of one suite; run each fabric with the same suite file',
    );
  const taskSets = [
    ...new Set(
      runs.map((run) =>
        JSON.stringify(
          [...((run.results.config as { taskNames?: string[] } | null)?.taskNames ?? [])].sort(),
        ),
      ),
    ),
  ];
  if (taskSets.length > 1)
    throw new UsageError(
      `scorecard runs executed different task sets (${taskSets.join(' vs ')})`,
      'rank runs made with the same --task selection',
    );
}

function refuseUnknownRole(runs: readonly ResolvedRun[], role: string): void {
  const known = new Set<string>();
  for (const run of runs) {
    for (const probed of Object.keys(run.results.singleCall ?? {})) known.add(probed);
    for (const span of run.spans) if (span.kind === 'chat' && span.role !== null) known.add(span.role);
  }
  if (!known.has(role))
    throw new UsageError(
      `no run has a chat role "${role}"`,
      `use one of: ${[...known].sort().join(', ') || '(no chat roles recorded)'}`,
    );
}
