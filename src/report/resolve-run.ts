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
      ...(results.status === 'complete'
        ? {}
        : { notes: ['the run did not finish: figures are recomputed from the records the store kept'] }),
    };
  }
  throw new UsageError(
    `no run "${reference}": not a run directory, not under ${deps.runsDir}, and not in the store`,
    'list stored runs with `agentperf runs`, or pass the directory `agentperf run` printed',
  );
}

/**
 * Lines that must reach the user before any figure of this run: it is
 * partial, or its files needed repair to read. Empty for a complete run.
 */
export function partialRunWarnings(run: Pick<ResolvedRun, 'results' | 'notes'>): string[] {
  const warnings =
    run.results.status === 'complete'
      ? []
      : [
          `run ${run.results.runId} is ${run.results.status.toUpperCase()}: its figures rest only on the tasks it finished`,
        ];
  return [...warnings, ...(run.notes ?? []).map((note) => `run ${run.results.runId}: ${note}`)];
}
