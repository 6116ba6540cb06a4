import { createHash } from 'node:crypto';
import type { ResolvedRun } from '../config/index.js';
import type { PlannedTask } from './case-plan.js';
import { savedConfig } from './saved-config.js';

/**
 * A fingerprint of what a run executes: the resolved configuration (minus
 * where the suite file lay and the thresholds, which judge rather than
 * run) and every task's case ids in order. Shards of one run share it; a
 * shard started with another seed, level list or dataset does not.
 */
export function planDigest(run: ResolvedRun, planned: PlannedTask[]): string {
  const { suiteFile: _file, thresholds: _thresholds, ...rest } = savedConfig(run);
  const cases = planned.map(({ task, caseIds, order }) => ({ task: task.name, caseIds, order }));
  return createHash('sha256')
    .update(JSON.stringify({ run: rest, cases }))
    .digest('hex');
}
