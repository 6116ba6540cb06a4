import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunOverrides } from '../config/index.js';
import { UsageError } from '../errors.js';

/** File in a run directory that says how to run the same plan again (for `run --resume`). */
export const RUN_PLAN_FILE = 'run-plan.json';

/** What `run --resume` needs to rebuild the run's plan: the suite and the flags, never a secret. */
export interface RunPlanFile {
  runId: string;
  startedAt: string;
  /** Suite and fabric names and whether it is simulated: what a report of an unfinished run shows. */
  suiteName: string;
  fabric: string;
  simulated: boolean;
  /** Absolute path of the suite file; null for the bundled suite. */
  suite: string | null;
  /** The command-line overrides, with the fabric this run used. */
  overrides: RunOverrides;
  singleCall: boolean;
}

export function writeRunPlan(runDir: string, plan: RunPlanFile): void {
  writeFileSync(join(runDir, RUN_PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
}

export function readRunPlan(runDir: string): RunPlanFile {
  const path = join(runDir, RUN_PLAN_FILE);
  if (!existsSync(path)) {
    throw new UsageError(
      `${runDir} cannot be resumed: it has no ${RUN_PLAN_FILE} (not a run directory, or written by an older agentperf)`,
      'pass the directory `agentperf run` printed (agentperf-runs/<runId>)',
    );
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunPlanFile;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
