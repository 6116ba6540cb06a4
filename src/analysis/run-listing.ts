import type { RunResults, RunStore, StoredRunSummary } from '../spec/index.js';

/** Which stored runs `agentperf runs` lists. */
export interface RunListingFilter {
  suite?: string;
  fabric?: string;
  status?: RunResults['status'];
  /** Only runs started at or after this ISO date or time. */
  since?: string;
  /** Most recent runs to keep after the other filters. */
  limit?: number;
}

/** One stored run, with the headline number of each level. */
export interface RunListingEntry extends StoredRunSummary {
  /** Per level, in run order: its label and e2e p95 (null while unfinished or unknown). */
  levels: Array<{ label: string; e2eP95Ms: number | null; tasksCompleted: number }>;
}

/**
 * The store's runs, newest last, filtered. Reads each listed run's results
 * for its e2e p95 per level; a run still in progress lists no levels.
 */
export async function listStoredRuns(
  store: RunStore,
  filter: RunListingFilter = {},
): Promise<RunListingEntry[]> {
  const since = filter.since === undefined ? null : Date.parse(filter.since);
  const runs = (await store.listRuns(filter.suite === undefined ? {} : { suite: filter.suite }))
    .filter((run) => filter.fabric === undefined || run.fabric === filter.fabric)
    .filter((run) => filter.status === undefined || run.status === filter.status)
    .filter((run) => since === null || Date.parse(run.startedAt) >= since);
  const kept = filter.limit === undefined ? runs : runs.slice(Math.max(0, runs.length - filter.limit));
  const entries: RunListingEntry[] = [];
  for (const run of kept) {
    const results = await store.loadResults(run.runId);
    entries.push({
      ...run,
      levels: (results?.levels ?? []).map((level) => ({
        label: level.label,
        e2eP95Ms: level.e2eMs.p95,
        tasksCompleted: level.tasksCompleted,
      })),
    });
  }
  return entries;
}
