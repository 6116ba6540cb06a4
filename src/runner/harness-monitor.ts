import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SampleColumn } from '../metrics/index.js';
import type { HarnessHealth, SimulatorThreadHealth } from '../spec/index.js';

/** The resolution every loop-delay histogram here samples at, in ms. */
export const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * A loop-delay histogram's reading (ns, the sampling interval included) as
 * the lag past that interval in ms, to 0.01 ms.
 */
export function loopLagMs(delayNs: number): number {
  return round(Math.max(0, delayNs / 1e6 - LOOP_DELAY_RESOLUTION_MS));
}

/** Above these the harness itself may have added latency, and the level says so. */
export const HEALTH_LIMITS = {
  eventLoopLagP99Ms: 20,
  cpuFraction: 0.85,
  startLagP99Ms: 25,
  /** The simulator thread's own lag: its tokens go out when its timers fire. */
  simulatorLagP99Ms: 20,
};

/**
 * Watches the harness's own event loop and CPU during a level, so a number
 * distorted by the measuring tool is never shown without a warning.
 */
export class HarnessMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  private utilizationStart = performance.eventLoopUtilization();

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
    this.utilizationStart = performance.eventLoopUtilization();
  }

  /** Stops watching; startLagsMs are open-loop (actual − scheduled) start delays (none for a closed loop). */
  stop(startLagsMs?: SampleColumn, pacedStarts = 0): HarnessHealth {
    this.histogram.disable();
    // Event-loop utilisation of the harness thread: unlike process CPU it
    // excludes the simulator and the record writer, which run in workers.
    const cpuFraction = performance.eventLoopUtilization(this.utilizationStart).utilization;
    const eventLoopLagMs = {
      p50: loopLagMs(this.histogram.percentile(50)),
      p99: loopLagMs(this.histogram.percentile(99)),
      max: loopLagMs(this.histogram.max),
    };
    const startLagP99Ms = round(startLagsMs?.quantile(0.99) ?? 0);
    return {
      eventLoopLagMs,
      cpuFraction: round(cpuFraction),
      startLagP99Ms,
      warnings: healthWarnings(eventLoopLagMs.p99, cpuFraction, startLagP99Ms, 'harness thread'),
      ...(pacedStarts > 0 ? { pacedStarts } : {}),
    };
  }
}

/** Paced starts added up over threads or shards (`HarnessHealth.pacedStarts`), when any were paced. */
export function pacedStartsOf(healths: readonly HarnessHealth[]): Pick<HarnessHealth, 'pacedStarts'> {
  const paced = healths.reduce((sum, health) => sum + (health.pacedStarts ?? 0), 0);
  return paced > 0 ? { pacedStarts: paced } : {};
}

/**
 * The health of a level run in several worker threads: each figure is the
 * worst thread's (a lag in any one of them delayed the tasks it ran), and
 * the warnings are made from those worst figures.
 */
export function worstHealth(healths: readonly HarnessHealth[]): HarnessHealth {
  const worst = (pick: (health: HarnessHealth) => number): number =>
    healths.reduce((most, health) => Math.max(most, pick(health)), 0);
  const eventLoopLagMs = {
    p50: worst((health) => health.eventLoopLagMs.p50),
    p99: worst((health) => health.eventLoopLagMs.p99),
    max: worst((health) => health.eventLoopLagMs.max),
  };
  const cpuFraction = worst((health) => health.cpuFraction);
  const startLagP99Ms = worst((health) => health.startLagP99Ms);
  return {
    ...pacedStartsOf(healths),
    eventLoopLagMs,
    cpuFraction,
    startLagP99Ms,
    warnings: healthWarnings(
      eventLoopLagMs.p99,
      cpuFraction,
      startLagP99Ms,
      `busiest of ${healths.length} agent worker threads`,
    ),
    workers: healths.length,
  };
}

function healthWarnings(
  lagP99Ms: number,
  cpuFraction: number,
  startLagP99Ms: number,
  thread: string,
): string[] {
  const warnings: string[] = [];
  if (lagP99Ms > HEALTH_LIMITS.eventLoopLagP99Ms) {
    warnings.push(
      `harness event-loop lag p99 was ${lagP99Ms} ms (limit ${HEALTH_LIMITS.eventLoopLagP99Ms} ms): latencies at this level include harness delay`,
    );
  }
  if (cpuFraction > HEALTH_LIMITS.cpuFraction) {
    warnings.push(
      `${thread} was busy ${Math.round(cpuFraction * 100)}% of the time (limit ${Math.round(HEALTH_LIMITS.cpuFraction * 100)}%): it may not have driven this level faithfully`,
    );
  }
  if (startLagP99Ms > HEALTH_LIMITS.startLagP99Ms) {
    warnings.push(
      `open-loop starts ran ${startLagP99Ms} ms behind schedule at p99 (limit ${HEALTH_LIMITS.startLagP99Ms} ms): the harness could not keep up with the arrival rate`,
    );
  }
  return warnings;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The worst of several simulator threads' figures (a late timer in any one delayed what it served); null for none. */
export function worstSimulatorHealth(
  healths: readonly SimulatorThreadHealth[],
): SimulatorThreadHealth | null {
  if (healths.length === 0) return null;
  const worst = (pick: (health: SimulatorThreadHealth) => number): number => Math.max(...healths.map(pick));
  return {
    lagP99Ms: worst((health) => health.lagP99Ms),
    lagMaxMs: worst((health) => health.lagMaxMs),
    busyFraction: worst((health) => health.busyFraction),
  };
}

/**
 * A level's health with its simulator threads' figures added, and a warning
 * when their lag passed the limit: the simulated fabric was then slower than
 * its physics (on a machine short of cores, the simulator competes with the
 * agents for CPU), so the level is not evidence about the fabric.
 */
export function withSimulatorHealth(
  health: HarnessHealth,
  simulator: SimulatorThreadHealth | null,
): HarnessHealth {
  if (simulator === null) return health;
  const warnings = [...health.warnings];
  if (simulator.lagP99Ms > HEALTH_LIMITS.simulatorLagP99Ms)
    warnings.push(
      `simulator thread event-loop lag p99 was ${simulator.lagP99Ms} ms (limit ${HEALTH_LIMITS.simulatorLagP99Ms} ms, busy ${Math.round(simulator.busyFraction * 100)}%): the simulated fabric answered later than its physics at this level`,
    );
  return { ...health, simulator, warnings };
}
