import { describeEstimateText } from './capacity-estimate.js';
import { formatRate, formatUsd } from './format.js';
import type { CapacityEntry } from '../spec/index.js';

/** The probe table every capacity report shows: one row per probe, cells as text. */
export function capacityProbeRows(entry: CapacityEntry): { header: string[]; rows: string[][] } {
  const header = [
    entry.mode === 'agents' ? 'agents' : 'tasks/s',
    'samples',
    'ended',
    ...entry.slo,
    'verdict',
    'cost/passed',
    'steps/s',
    'harness',
  ];
  const rows = [...entry.probes]
    .sort((a, b) => a.load - b.load)
    .map((probe) => [
      String(probe.load),
      probe.budgetTasks === null ? String(probe.samples) : `${probe.samples}/${probe.budgetTasks}`,
      probe.endedBy === 'rule' ? 'early' : probe.endedBy,
      ...probe.slos.map((slo) => `${describeEstimateText(slo.expression, slo)} ${slo.verdict}`),
      probe.note === null ? probe.verdict : `${probe.verdict} (${probe.note})`,
      formatUsd(probe.costPerPassedTaskUsd),
      formatRate(probe.stepsPerSecond),
      probe.harness.warnings.length === 0
        ? 'ok'
        : `warned${probe.attempts > 1 ? ` (${probe.attempts} runs)` : ''}: ${probe.harness.warnings[0]}`,
    ]);
  return { header, rows };
}

/** "cost per passed task $0.012, 41.2 steps/s at capacity (run …)"; null when nothing met. */
export function atCapacityLine(entry: CapacityEntry): string | null {
  if (entry.atCapacity === null) return null;
  return `at capacity: cost per passed task ${formatUsd(entry.atCapacity.costPerPassedTaskUsd)}, ${formatRate(entry.atCapacity.stepsPerSecond, ' steps/s')} (run ${entry.atCapacity.runId})`;
}
