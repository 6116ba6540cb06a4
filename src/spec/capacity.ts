/** The shape of capacity.json: what `agentperf capacity` found, per fabric. */

/** One SLO judged at one probe (see metrics/slo-verdict.ts for how). */
export interface CapacitySloResult {
  expression: string;
  verdict: 'met' | 'missed' | 'undecided';
  /** Point estimate in the metric's base unit (ms, USD, fraction 0..1, per second). */
  estimate: number | null;
  /** 95% interval for display; null when there were too few samples. */
  interval: [number, number] | null;
  samples: number;
  /** `binomial` (distribution-free), `normal` (a mean), `point` (a rate: judged when the probe ends). */
  basis: 'binomial' | 'normal' | 'point';
  note: string | null;
}

/** One load tried: a real run of one level. */
export interface CapacityProbeRecord {
  /** Agents (mode agents) or arrivals per second (mode rate). */
  load: number;
  /** Level label, e.g. "c16" or "r2.5". */
  label: string;
  verdict: 'met' | 'missed' | 'undecided';
  /** Why the probe is undecided (or what happened to it), in one sentence; null when decided cleanly. */
  note: string | null;
  /** Measured tasks (warm-up excluded). */
  samples: number;
  /** The most measured tasks the probe was allowed (null when bounded by time). */
  budgetTasks: number | null;
  /** `rule`: stopped as soon as the SLOs were settled; `budget`: ran its whole budget; `interrupted`. */
  endedBy: 'rule' | 'budget' | 'interrupted';
  slos: CapacitySloResult[];
  passRate: number | null;
  e2eP95Ms: number | null;
  costPerPassedTaskUsd: number | null;
  stepsPerSecond: number;
  harness: { warnings: string[]; eventLoopLagP99Ms: number; cpuFraction: number };
  /** Runs this probe took (a run the harness warned about is retried once). */
  attempts: number;
  /** The run that holds this probe's records (the last attempt). */
  runId: string;
}

/** The capacity of one fabric. */
export interface CapacityEntry {
  fabric: string;
  simulated: boolean;
  mode: 'agents' | 'rate';
  slo: string[];
  /** Highest load that met every SLO; null when none did. */
  capacity: number | null;
  /** [highest load met, lowest load above it that missed]; null where there is none. */
  bracket: [number | null, number | null];
  /** Lowest load above capacity that was tried and not settled, if any. */
  lowestUndecided: number | null;
  /** converged, max-met (the upper bound still met), min-not-met, stopped (budget or Ctrl-C). */
  status: 'converged' | 'max-met' | 'min-not-met' | 'stopped';
  reason: string | null;
  /** The answer in one sentence, e.g. "sustains 42 agents; 48 misses e2e.p95<8s: p95 9.1 s [8.6, 9.7]". */
  answer: string;
  /** Cost per passed task and steps/s measured at the capacity load (null when none met). */
  atCapacity: { costPerPassedTaskUsd: number | null; stepsPerSecond: number; runId: string } | null;
  probes: CapacityProbeRecord[];
}

export interface CapacityFile {
  schemaVersion: 1;
  suite: string;
  startedAt: string;
  finishedAt: string;
  seed: number;
  /** Confidence of every met/missed verdict (0.95). */
  confidence: number;
  /** complete, or partial when interrupted. */
  status: 'complete' | 'partial';
  fabrics: CapacityEntry[];
}
