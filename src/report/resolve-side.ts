import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { RunResults, RunStore } from '../spec/index.js';
import { isRunDirectory, loadRunDirectory } from './load-run-dir.js';
import { type ResolvedRun, resolveRun } from './resolve-run.js';

interface SideDeps {
  store: RunStore | null;
  runsDir: string;
}

/**
 * One side of a comparison or a scorecard entry named on the command line:
 * a run (directory or id), a group id from `run --repeat`, or a directory
 * holding the run directories of one group (the `--out` of a repeat run).
 */
export async function resolveSide(reference: string, deps: SideDeps): Promise<ResolvedRun[]> {
  if (isRunDirectory(reference) || isRunDirectory(join(deps.runsDir, reference)))
    return [await resolveRun(reference, deps)];
  const children = runDirectoriesIn(reference);
  if (children.length > 0) return oneGroup(reference, await Promise.all(children.map(loadWithDirectory)));
  const grouped = await groupRuns(reference, deps);
  if (grouped.length > 0) return grouped;
  return [await resolveRun(reference, deps)];
}

/**
 * The N most recent runs of the candidate's suite and fabric that started
 * before the candidate's first run: a baseline from the store's history.
 */
export async function lastRuns(
  count: number,
  candidate: readonly ResolvedRun[],
  deps: SideDeps,
): Promise<ResolvedRun[]> {
  if (deps.store === null)
    throw new UsageError('--baseline-last needs the run store', 'run `agentperf run` first, or pass --store');
  const first = candidate[0]!.results;
  const excluded = new Set(candidate.map((run) => run.results.runId));
  const before = candidate.map((run) => run.results.startedAt).sort()[0]!;
  const store = deps.store;
  const chosen = (await store.listRuns({ suite: first.suite }))
    .filter(
      (run) =>
        run.fabric === first.fabric &&
        run.status !== 'failed' &&
        !excluded.has(run.runId) &&
        run.startedAt < before,
    )
    .sort((left, right) => right.startedAt.localeCompare(left.startedAt))
    .slice(0, count);
  if (chosen.length === 0)
    throw new UsageError(
      `the store has no earlier run of suite "${first.suite}" on fabric "${first.fabric}" to use as a baseline`,
    );
  const runs: ResolvedRun[] = [];
  for (const run of chosen.reverse()) {
    runs.push({
      results: (await store.loadResults(run.runId))!,
      tasks: await store.loadTasks(run.runId),
      spans: await store.loadSpans(run.runId),
      directory: null,
    });
  }
  return runs;
}

function groupIdOf(directory: string): string | null {
  try {
    const results = JSON.parse(readFileSync(join(directory, 'results.json'), 'utf8')) as RunResults;
    return results.group?.id ?? null;
  } catch {
    return null;
  }
}

function runDirectoriesIn(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isRunDirectory(join(path, entry.name)))
      .map((entry) => join(path, entry.name))
      .sort();
  } catch {
    return [];
  }
}

async function loadWithDirectory(directory: string): Promise<ResolvedRun> {
  return { ...(await loadRunDirectory(directory)), directory };
}

/** The runs of a directory must be one configuration: one group, or (without groups) one suite and fabric. */
function oneGroup(path: string, runs: ResolvedRun[]): ResolvedRun[] {
  const groups = new Set(
    runs.map((run) => run.results.group?.id ?? `${run.results.suite} on ${run.results.fabric}`),
  );
  if (groups.size === 1) return runs;
  throw new UsageError(
    `${path} holds runs of ${groups.size} configurations (${[...groups].join(', ')}): a side must be one group`,
    'pass a group id (printed by `agentperf run --repeat`) or one run directory',
  );
}

/** Runs whose results carry this group id, from the store, else from the runs directory. */
async function groupRuns(groupId: string, deps: SideDeps): Promise<ResolvedRun[]> {
  const store = deps.store;
  if (store !== null) {
    const found: ResolvedRun[] = [];
    for (const summary of await store.listRuns()) {
      const results = await store.loadResults(summary.runId);
      if (results?.group?.id !== groupId) continue;
      found.push({
        results,
        tasks: await store.loadTasks(summary.runId),
        spans: await store.loadSpans(summary.runId),
        directory: null,
      });
    }
    if (found.length > 0)
      return found.sort((left, right) => left.results.group!.index - right.results.group!.index);
  }
  // Read only results.json of every run directory; load the records of the group's runs alone.
  const members = runDirectoriesIn(deps.runsDir).filter((directory) => groupIdOf(directory) === groupId);
  const runs = await Promise.all(members.map(loadWithDirectory));
  return runs.sort((left, right) => left.results.group!.index - right.results.group!.index);
}
