import { listStoredRuns, type RunListingFilter } from '../analysis/index.js';
import { UsageError } from '../errors.js';
import { renderRunList } from '../report/index.js';
import type { AnalysisCommandDeps } from './report.js';

/** Arguments of `agentperf runs`. */
export interface RunsCommandArgs extends RunListingFilter {
  /** One JSON document (an array of runs) on stdout instead of the table. */
  json?: boolean;
}

/** `agentperf runs`: the store's runs (id, suite, fabric, status, date, e2e p95 per level). Exit 0. */
export async function runsCommand(args: RunsCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  if (deps.store === null)
    throw new UsageError('there is no run store here', 'run `agentperf run` first, or pass --store FILE');
  if (args.since !== undefined && Number.isNaN(Date.parse(args.since)))
    throw new UsageError(`--since takes a date or time, got "${args.since}"`, 'e.g. --since 2026-11-01');
  const { json, ...filter } = args;
  const entries = await listStoredRuns(deps.store, filter);
  write(json === true ? `${JSON.stringify({ runs: entries }, null, 2)}\n` : renderRunList(entries));
  return 0;
}
