import { UsageError } from '../errors.js';
import type { ResolvedRun } from '../report/index.js';

/**
 * Compare judges one workload on two systems: runs of different suites, or
 * of the same suite with different task sets, measure different work, and
 * their differences would read as regressions. Refused unless the user says
 * so; then the returned warning is shown as a banner. Null when they match.
 */
export function checkSameWorkload(
  baseline: readonly ResolvedRun[],
  candidate: readonly ResolvedRun[],
  allowDifferent: boolean,
): string | null {
  const suites = (side: readonly ResolvedRun[]) => [...new Set(side.map((run) => run.results.suite))].sort();
  const taskSet = (side: readonly ResolvedRun[]) =>
    [
      ...new Set(side.flatMap((run) => run.results.levels.flatMap((level) => Object.keys(level.byTask)))),
    ].sort();
  const [suitesA, suitesB] = [suites(baseline), suites(candidate)];
  const [tasksA, tasksB] = [taskSet(baseline), taskSet(candidate)];
  let problem: string | null = null;
  if (suitesA.join('\u0000') !== suitesB.join('\u0000'))
    problem = `the runs are of different suites (baseline: ${suitesA.join(', ')}; candidate: ${suitesB.join(', ')})`;
  else if (tasksA.join('\u0000') !== tasksB.join('\u0000'))
    problem = `the runs have different task sets (baseline: ${tasksA.join(', ') || 'none'}; candidate: ${tasksB.join(', ') || 'none'})`;
  if (problem === null) return null;
  if (!allowDifferent)
    throw new UsageError(
      `cannot compare: ${problem}`,
      'compare runs of one suite and task set, or pass --allow-different-suites to compare them anyway',
    );
  return `${problem}; compared anyway (--allow-different-suites), so differences may be of workload, not of system`;
}
