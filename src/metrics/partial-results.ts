import type { HarnessHealth, LevelResult, RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { parseLevelLabel } from './level-label.js';
import { computeLevelResult, splitByLevel } from './level-result.js';

/** What is known of a run that never wrote results.json (killed, crashed, out of disk). */
export interface UnfinishedRun {
  runId: string;
  suite: string;
  fabric: string;
  startedAt: string;
  simulated: boolean;
  config: unknown;
  gitRevision: string | null;
}

const UNRECORDED_HEALTH: HarnessHealth = {
  eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
  cpuFraction: 0,
  startLagP99Ms: 0,
  warnings: ['harness health was not recorded: the run stopped before this level finished'],
};

/**
 * Results of a run that stopped without writing them, recomputed from its
 * records alone (as every figure can be): status `partial`, every level
 * marked partial. Level settings come from the labels ("c16": 16 agents,
 * "r2.5": 2.5 arrivals/s).
 */
export function resultsFromRecords(
  run: UnfinishedRun,
  tasks: readonly TaskRecord[],
  spans: readonly SpanRecord[],
): RunResults {
  const levels: LevelResult[] = [];
  for (const [label, records] of splitByLevel(tasks, spans)) {
    const shape = parseLevelLabel(label) ?? { mode: 'closed' as const };
    levels.push(
      computeLevelResult({
        label,
        ...shape,
        fabric: run.fabric,
        tasks: records.tasks,
        spans: records.spans,
        harness: { ...UNRECORDED_HEALTH, warnings: [...UNRECORDED_HEALTH.warnings] },
        partial: true,
      }),
    );
  }
  const lastEnd = tasks.reduce((latest, task) => Math.max(latest, task.endMs), 0);
  return {
    schemaVersion: 1,
    runId: run.runId,
    suite: run.suite,
    fabric: run.fabric,
    simulated: run.simulated,
    status: 'partial',
    startedAt: run.startedAt,
    finishedAt: new Date(Date.parse(run.startedAt) + lastEnd).toISOString(),
    seed: (run.config as { seed?: number } | null)?.seed ?? 0,
    environment: {
      agentperfVersion: 'unknown',
      node: 'unknown',
      platform: 'unknown',
      arch: 'unknown',
      cpus: 0,
      cpuModel: 'unknown (the run did not finish)',
      memoryGiB: 0,
      hostname: 'unknown',
      gitRevision: run.gitRevision,
    },
    config: run.config,
    prepareMs: {},
    levels,
    thresholds: [],
  };
}
