/**
 * The capacity search, independent of how a probe runs: a probe is any
 * function from a load to a verdict, so the same search drives real runs
 * (`agentperf capacity`) and could drive a model of the system.
 */

/** What the search needs from a probe's outcome. */
export interface ProbeVerdict {
  load: number;
  verdict: 'met' | 'missed' | 'undecided';
  /** The harness itself could not drive this load: nothing above it is tried. */
  harnessLimited?: boolean;
}

export type Probe<P extends ProbeVerdict> = (load: number) => Promise<P>;

export interface SearchOptions {
  /** Lowest load tried (agents or tasks/s). */
  min: number;
  /** Highest load tried. */
  max: number;
  /** Bisection ends when the bracket is this narrow (absolute, in load units). */
  resolution: number;
  /** Loads are whole numbers (agents) rather than rates. */
  integer: boolean;
  /** Factor between loads while growing (default 2). */
  growth?: number;
  /** Consulted before each probe: a sentence says why the search must stop now (time budget, Ctrl-C). */
  stopReason?: () => string | null;
}

/**
 * How the search ended: `converged` (the bracket is within resolution),
 * `max-met` (the highest load allowed still met every SLO), `min-not-met`
 * (the lowest load did not), `stopped` (budget or interruption, see reason).
 */
export type SearchStatus = 'converged' | 'max-met' | 'min-not-met' | 'stopped';

export interface SearchOutcome<P extends ProbeVerdict> {
  /** Highest load that met every SLO; null when none did. */
  capacity: number | null;
  /** [highest load met, lowest load above it that missed]; null where there is none. */
  bracket: [number | null, number | null];
  /** Lowest load above capacity that was undecided (tried, not settled), if any. */
  lowestUndecided: number | null;
  status: SearchStatus;
  /** Why the search stopped early, or why a load was not tried. */
  reason: string | null;
  /** Every probe in the order run. */
  probes: P[];
}

/**
 * Largest load meeting every SLO: grow from min by `growth` until a probe
 * does not meet (or max is met), then bisect the bracket down to
 * `resolution`. An undecided probe bounds the search from above like a miss
 * (the answer claims only what was shown) but is never reported as one.
 */
export async function searchCapacity<P extends ProbeVerdict>(
  probe: Probe<P>,
  options: SearchOptions,
): Promise<SearchOutcome<P>> {
  const growth = options.growth ?? 2;
  const probes: P[] = [];
  let met: number | null = null;
  let above: P | null = null;
  let reason: string | null = null;
  let harnessNote: string | null = null;
  const run = async (load: number): Promise<P | null> => {
    reason = options.stopReason?.() ?? null;
    if (reason !== null) return null;
    const outcome = await probe(load);
    probes.push(outcome);
    if (outcome.verdict === 'met') met = load;
    else above = outcome;
    if (outcome.harnessLimited)
      harnessNote ??= `the harness could not drive ${load}: loads above it were not tried`;
    return outcome;
  };
  const finish = (status: SearchStatus): SearchOutcome<P> =>
    summarizeSearch(probes, status, reason ?? harnessNote);

  // Grow.
  let load = options.min;
  for (;;) {
    const outcome = await run(load);
    if (outcome === null) return finish('stopped');
    if (outcome.verdict !== 'met') break;
    if (load >= options.max) return finish('max-met');
    load = nextLoad(load, growth, options);
  }
  if (met === null) return finish('min-not-met');

  // Bisect between the highest met and the lowest not met.
  for (;;) {
    const low: number = met;
    const high: number = (above as P | null)?.load ?? options.max;
    if (high - low <= options.resolution) return finish('converged');
    const middle = midpoint(low, high, options.integer);
    if (middle <= low || middle >= high) return finish('converged');
    const outcome = await run(middle);
    if (outcome === null) return finish('stopped');
  }
}

function nextLoad(load: number, growth: number, options: SearchOptions): number {
  const grown = options.integer ? Math.max(load + 1, Math.ceil(load * growth)) : roundRate(load * growth);
  return Math.min(options.max, grown);
}

function midpoint(low: number, high: number, integer: boolean): number {
  return integer ? Math.floor((low + high) / 2) : roundRate((low + high) / 2);
}

/** Rates keep three significant digits, so level labels stay readable (r2.34, not r2.34375). */
function roundRate(rate: number): number {
  return Number(rate.toPrecision(3));
}

/**
 * The outcome as the probes show it: capacity is the highest load met (the
 * search only probes above a met load or below a missed one, so the record
 * is monotone). Also used for a search still running or cut short.
 */
export function summarizeSearch<P extends ProbeVerdict>(
  probes: P[],
  status: SearchStatus,
  reason: string | null,
): SearchOutcome<P> {
  const metLoads = probes.filter((probe) => probe.verdict === 'met').map((probe) => probe.load);
  const capacity = metLoads.length === 0 ? null : Math.max(...metLoads);
  const higher = probes.filter((probe) => capacity === null || probe.load > capacity);
  const lowest = (verdict: ProbeVerdict['verdict']): number | null => {
    const loads = higher.filter((probe) => probe.verdict === verdict).map((probe) => probe.load);
    return loads.length === 0 ? null : Math.min(...loads);
  };
  return {
    capacity,
    bracket: [capacity, lowest('missed')],
    lowestUndecided: lowest('undecided'),
    status,
    reason,
    probes,
  };
}
