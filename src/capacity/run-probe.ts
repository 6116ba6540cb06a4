import { type LoadedSuite, type RunOverrides, resolveRun } from '../config/index.js';
import type { Threshold } from '../metrics/index.js';
import { type ProgressSink, deriveSeed, runSuite } from '../runner/index.js';
import type { CapacityProbeRecord, LevelResult } from '../spec/index.js';
import type { Probe } from './search.js';
import { SloStopRule } from './slo-stop-rule.js';

/** What one probe needs to run a level of the suite. */
export interface ProbeSetup {
  suite: LoadedSuite;
  fabric: string;
  mode: 'agents' | 'rate';
  slos: readonly Threshold[];
  /** Most measured tasks per probe (the fixed budget early stopping saves on). */
  probeTasks: number | null;
  /** Or the longest a probe may run, e.g. "60s". */
  probeDuration: string | null;
  seed: number;
  confidence: number;
  /** --task filter and --warmup, passed on to the run. */
  only?: string[];
  warmup?: number;
  outDir: string;
  storePath: string;
  signal: AbortSignal;
  /** Milliseconds left in the search's budget: a probe still running when it ends is cut short (undecided). */
  remainingMs?: () => number;
  progress?: (load: number, attempt: number) => ProgressSink;
  env?: NodeJS.ProcessEnv;
}

/** A probe the harness warned about is run once more before it is called undecided. */
const ATTEMPTS = 2;

/** A capacity probe: one real run of one level at the given load, stopped early when the SLOs are settled. */
export interface CapacityProbe extends CapacityProbeRecord {
  harnessLimited: boolean;
  simulated: boolean;
}

/** Builds the probe function the search calls: load → a real run of one level and its verdict. */
export function realProbe(setup: ProbeSetup): Probe<CapacityProbe> {
  return async (load) => {
    let outcome: CapacityProbe | null = null;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      outcome = await runOnce(setup, load, attempt);
      // A met verdict stands despite a warning: harness delay only adds latency and
      // takes throughput away, so the fabric did at least this well.
      if (
        outcome.harness.warnings.length === 0 ||
        outcome.verdict === 'met' ||
        outcome.endedBy === 'interrupted'
      )
        return outcome;
    }
    const warned = outcome!;
    // Never a miss: a harness that could not keep up says nothing about the fabric.
    return {
      ...warned,
      verdict: 'undecided',
      harnessLimited: warned.harness.warnings.some((warning) => !warning.includes('event-loop lag')),
      note: `the harness warned in ${ATTEMPTS} runs (${warned.harness.warnings[0]}): not evidence about the fabric`,
    };
  };
}

async function runOnce(setup: ProbeSetup, load: number, attempt: number): Promise<CapacityProbe> {
  const label = setup.mode === 'agents' ? `c${load}` : `r${load}`;
  const overrides: RunOverrides = {
    fabric: setup.fabric,
    seed: deriveSeed(setup.seed, 'capacity', label, String(attempt)),
    ...(setup.mode === 'agents'
      ? { levels: String(load) }
      : { rate: String(load), arrival: 'poisson' as const }),
    ...(setup.probeTasks === null ? {} : { tasks: setup.probeTasks }),
    ...(setup.probeDuration === null ? {} : { duration: setup.probeDuration }),
    ...(setup.only === undefined ? {} : { only: setup.only }),
    ...(setup.warmup === undefined ? {} : { warmup: setup.warmup }),
    thresholds: [],
  };
  const run = resolveRun(setup.suite, overrides);
  const rule = new SloStopRule(setup.slos, setup.confidence);
  const remaining = setup.remainingMs?.() ?? Number.POSITIVE_INFINITY;
  const budgetEnd = Number.isFinite(remaining)
    ? AbortSignal.timeout(Math.max(1, Math.ceil(remaining)))
    : null;
  const signal = budgetEnd === null ? setup.signal : AbortSignal.any([setup.signal, budgetEnd]);
  const outcome = await runSuite({
    suite: setup.suite,
    run: { ...run, thresholds: [] },
    outDir: setup.outDir,
    storePath: setup.storePath,
    signal,
    writeReports: false,
    levelStop: () => rule,
    ...(setup.progress === undefined ? {} : { progress: setup.progress(load, attempt) }),
    ...(setup.env === undefined ? {} : { env: setup.env }),
  });
  const level: LevelResult | undefined = outcome.results.levels[0];
  const slos = rule.conclude(level);
  const interrupted = signal.aborted;
  const verdict = interrupted
    ? 'undecided'
    : slos.some((slo) => slo.verdict === 'missed')
      ? 'missed'
      : slos.every((slo) => slo.verdict === 'met')
        ? 'met'
        : 'undecided';
  const unsettled = slos.find((slo) => slo.verdict === 'undecided');
  return {
    load,
    label,
    verdict,
    note: interrupted
      ? setup.signal.aborted
        ? 'interrupted before it was settled'
        : 'the --budget ran out during this probe'
      : verdict === 'undecided'
        ? `budget ended before ${unsettled?.expression} was settled (${unsettled?.note ?? 'not conclusive'})`
        : null,
    samples: level?.tasksCompleted ?? 0,
    budgetTasks: run.levels[0]?.tasks ?? null,
    endedBy: level?.stop?.by ?? (interrupted ? 'interrupted' : 'budget'),
    slos,
    passRate: level?.passRate ?? null,
    e2eP95Ms: level?.e2eMs.p95 ?? null,
    costPerPassedTaskUsd: level?.costPerPassedTaskUsd ?? null,
    stepsPerSecond: level?.stepsPerSecond ?? 0,
    harness: {
      warnings: level?.harness.warnings ?? [],
      eventLoopLagP99Ms: level?.harness.eventLoopLagMs.p99 ?? 0,
      cpuFraction: level?.harness.cpuFraction ?? 0,
    },
    attempts: attempt,
    runId: outcome.runId,
    harnessLimited: false,
    simulated: outcome.results.simulated,
  };
}
