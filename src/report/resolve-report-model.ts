import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStore } from '../spec/index.js';
import { isRunDirectory, readResultsFile } from './load-run-dir.js';
import { buildReportModel, type ReportModel } from './report-model.js';
import { partialRunWarnings, resolveRun } from './resolve-run.js';
import { streamReportModel } from './stream-report-model.js';

/** A run's report model, what must be said about the run first, and where it lives on disk. */
export interface ResolvedReport {
  model: ReportModel;
  warnings: string[];
  directory: string | null;
}

/**
 * The report model of a run named on the command line (as resolveRun
 * finds it). A finished run directory is streamed (streamReportModel:
 * memory does not grow with its spans); a run that never finished, a run
 * in the store, or a spans file out of order is loaded whole and built in
 * memory. Both give the same model.
 */
export async function resolveReportModel(
  reference: string,
  deps: { store: RunStore | null; runsDir: string },
): Promise<ResolvedReport> {
  const directory = runDirectoryOf(reference, deps.runsDir);
  if (directory !== null) {
    const streamed = await streamRunDirectory(directory);
    if (streamed !== null) return streamed;
  }
  const run = await resolveRun(reference, deps);
  return { model: buildReportModel(run), warnings: partialRunWarnings(run), directory: run.directory };
}

/** The streamed report of a finished run directory, or null when it has to be built in memory. */
export async function streamRunDirectory(directory: string): Promise<ResolvedReport | null> {
  if (!existsSync(join(directory, 'results.json'))) return null;
  const results = await readResultsFile(directory);
  const notes: string[] = [];
  const model = await streamReportModel(directory, results, notes);
  if (model === null) return null;
  return { model, warnings: partialRunWarnings({ results, notes }), directory };
}

function runDirectoryOf(reference: string, runsDir: string): string | null {
  if (isRunDirectory(reference)) return reference;
  const underRuns = join(runsDir, reference);
  return isRunDirectory(underRuns) ? underRuns : null;
}
