import { describeThresholdEstimate, type Threshold } from '../metrics/index.js';
import type { CapacityEntry, CapacityProbeRecord } from '../spec/index.js';
import type { CapacityProbe } from './run-probe.js';
import { type Probe, type SearchOptions, type SearchOutcome, searchCapacity } from './search.js';

export interface FindCapacityOptions {
  fabric: string;
  mode: 'agents' | 'rate';
  slos: readonly Threshold[];
  search: SearchOptions;
  /** Told after each probe (live progress, keeping finished probes on disk). */
  onProbe?: (probe: CapacityProbe) => void;
}

/** Searches one fabric's capacity with the given probe and shapes the result for capacity.json. */
export async function findCapacity(
  probe: Probe<CapacityProbe>,
  options: FindCapacityOptions,
): Promise<CapacityEntry> {
  const observed: Probe<CapacityProbe> = async (load) => {
    const outcome = await probe(load);
    options.onProbe?.(outcome);
    return outcome;
  };
  const outcome = await searchCapacity(observed, options.search);
  return capacityEntry(outcome, options);
}

/** The entry for a search's outcome (also for a search cut short: its finished probes are kept). */
export function capacityEntry(
  outcome: SearchOutcome<CapacityProbe>,
  options: Pick<FindCapacityOptions, 'fabric' | 'mode' | 'slos'>,
): CapacityEntry {
  const probes: CapacityProbeRecord[] = outcome.probes.map(
    ({ harnessLimited: _h, simulated: _s, ...record }) => record,
  );
  const atCapacity = outcome.probes.find(
    (probe) => probe.load === outcome.capacity && probe.verdict === 'met',
  );
  return {
    fabric: options.fabric,
    simulated: outcome.probes.some((probe) => probe.simulated),
    mode: options.mode,
    slo: options.slos.map((slo) => slo.expression),
    capacity: outcome.capacity,
    bracket: outcome.bracket,
    lowestUndecided: outcome.lowestUndecided,
    status: outcome.status,
    reason: outcome.reason,
    answer: answerSentence(outcome, options),
    atCapacity:
      atCapacity === undefined
        ? null
        : {
            costPerPassedTaskUsd: atCapacity.costPerPassedTaskUsd,
            stepsPerSecond: atCapacity.stepsPerSecond,
            runId: atCapacity.runId,
          },
    probes,
  };
}

/** "sustains 42 agents; 48 misses e2e.p95<8s: p95 9.1s [8.6s, 9.7s]". */
export function answerSentence(
  outcome: SearchOutcome<CapacityProbe>,
  options: Pick<FindCapacityOptions, 'mode' | 'slos'>,
): string {
  const unit = (load: number): string =>
    options.mode === 'agents' ? `${load} agent${load === 1 ? '' : 's'}` : `${load} tasks/s`;
  const [met, missed] = outcome.bracket;
  const parts: string[] = [];
  if (met === null)
    parts.push(`meets the SLO at no load tried (lowest ${unit(outcome.probes[0]?.load ?? 0)})`);
  else parts.push(`sustains ${unit(met)}`);
  const undecided = outcome.lowestUndecided;
  if (undecided !== null && (missed === null || undecided < missed)) {
    const probe = outcome.probes.find((item) => item.load === undecided);
    parts.push(`${undecided} undecided${probe?.note ? ` (${probe.note})` : ''}`);
  }
  if (missed !== null) {
    const probe = outcome.probes.find((item) => item.load === missed && item.verdict === 'missed');
    const slo = probe?.slos.find((item) => item.verdict === 'missed');
    const threshold = options.slos.find((item) => item.expression === slo?.expression);
    parts.push(
      slo === undefined || threshold === undefined
        ? `${missed} misses`
        : `${missed} misses ${slo.expression}: ${describeThresholdEstimate(threshold, slo)}`,
    );
  }
  if (outcome.status === 'max-met') parts.push('the upper bound --max still met every SLO (raise --max)');
  if (outcome.status === 'stopped' && outcome.reason !== null)
    parts.push(`search stopped: ${outcome.reason}`);
  else if (outcome.reason !== null) parts.push(outcome.reason);
  return parts.join('; ');
}
