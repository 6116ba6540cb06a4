import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { RunStore } from '../spec/index.js';
import { isRunDirectory, loadRunDirectory } from './load-run-dir.js';
import type { ReportInput } from './report-input.js';

/** A loaded run and, when it came from disk, the directory it lives in. */
export interface ResolvedRun extends ReportInput {
  directory: string | null;
}

/**
 * Finds a run named on the command line: a run directory path, a run id
 * under the runs directory, or a run id in the store (in that order).
 */
export async function resolveRun(
  reference: string,
  deps: { store: RunStore | null; runsDir: string },
): Promise<ResolvedRun> {
  if (isRunDirectory(reference)) return { ...(await loadRunDirectory(reference)), directory: reference };
  const underRuns = join(deps.runsDir, reference);
  if (isRunDirectory(underRuns)) return { ...(await loadRunDirectory(underRuns)), directory: underRuns };
  const results = (await deps.store?.loadResults(reference)) ?? null;
  if (results !== null && deps.store !== null) {
    return {
      results,
      tasks: await deps.store.loadTasks(reference),
      spans: await deps.store.loadSpans(reference),
      directory: null,
    };
  }
  throw new UsageError(
    `no run "${reference}": not a run directory, not under ${deps.runsDir}, and not in the store`,
    'list stored runs with `agentperf history`, or pass the directory `agentperf run` printed',
  );
}
