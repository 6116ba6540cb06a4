import type { RunResults } from '../spec/index.js';

/** A run's harness health as verdicts read it: the warnings its levels raised. */
export interface RunHealth {
  runId: string;
  /** "c16: event-loop lag p99 120 ms ..." — one entry per level warning. */
  warnings: string[];
  /** True when the harness warned that it may have distorted the numbers: the run is not evidence. */
  impaired: boolean;
}

/** Reads the harness warnings every level of a run recorded. */
export function runHealth(results: RunResults): RunHealth {
  const warnings: string[] = [];
  for (const level of results.levels) {
    for (const warning of level.harness?.warnings ?? []) warnings.push(`${level.label}: ${warning}`);
  }
  return { runId: results.runId, warnings, impaired: warnings.length > 0 };
}

/**
 * Splits runs into evidence and impaired runs (harness warned). Impaired
 * runs are kept only when asked: a harness that starved its own event loop
 * measured itself, not the system.
 */
export function partitionImpaired<T extends { results: RunResults }>(
  runs: readonly T[],
  includeImpaired: boolean,
): { kept: T[]; excluded: RunHealth[] } {
  const kept: T[] = [];
  const excluded: RunHealth[] = [];
  for (const run of runs) {
    const health = runHealth(run.results);
    if (health.impaired && !includeImpaired) excluded.push(health);
    else kept.push(run);
  }
  return { kept, excluded };
}
