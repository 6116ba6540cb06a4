import type { RoleRoute } from '../context/index.js';
import type { Clock, SimulatorThreadHealth, SingleCallProbe } from '../spec/index.js';
import { HarnessMonitor, withSimulatorHealth } from './harness-monitor.js';

/** Requests per role: enough for a stable median at concurrency 1, cheap on a real vendor. */
const PROBE_REQUESTS = 5;
/**
 * Output tokens per probe request. The probe precedes every level: on a 70B
 * model, five lone requests of 128 tokens were 10.7 s of decode alone on the
 * default run's critical path (640 tokens at the measured 59.9 tokens/s). At
 * concurrency 1 (nothing to batch with) 64 tokens gave the same median decode
 * rate within 0.6 % on the simulator (docs/decisions.md).
 */
const PROBE_MAX_TOKENS = 64;
const PROBE_PROMPT = `You are measuring latency. ${'Summarise the following in one paragraph. '.repeat(20)}`;

/** What `probeWhileIdle` needs besides the routes. */
export interface IdleProbe {
  routes: ReadonlyMap<string, RoleRoute>;
  chatRoles: string[];
  clock: Clock;
  signal: AbortSignal;
  /** Where the run's timeline starts on `clock` (windows are relative to it). */
  runEpoch: number;
  /** The fabric's simulator threads, watched over the probe as over a level. */
  simulatorHealth: { reset(): void; read(): Promise<SimulatorThreadHealth | null> };
}

/**
 * The probe as the runner runs it: at a moment when its fabric runs no
 * level (so its requests are lone there), with the harness watched as a
 * level is, since another fabric's level may share the machine. Each
 * probe records when it ran, its window and that health.
 */
export async function probeWhileIdle(
  probe: IdleProbe,
  phase: NonNullable<SingleCallProbe['phase']>,
): Promise<Record<string, SingleCallProbe>> {
  const monitor = new HarnessMonitor();
  probe.simulatorHealth.reset();
  monitor.start();
  const start = probe.clock.now() - probe.runEpoch;
  const probes = await probeSingleCalls(probe.routes, probe.chatRoles, probe.clock, probe.signal);
  const end = probe.clock.now() - probe.runEpoch;
  const harness = withSimulatorHealth(monitor.stop(), await probe.simulatorHealth.read());
  const windowMs: [number, number] = [Math.round(start), Math.round(end)];
  for (const role of Object.keys(probes)) probes[role] = { ...probes[role]!, phase, windowMs, harness };
  return probes;
}

/**
 * What a single-call benchmark would report for each chat role: median time
 * to first token and output tokens/s of lone streamed requests. Each
 * model's requests go one at a time (a lone request is what is measured),
 * the models side by side, so the probe takes as long as its slowest
 * model, not the sum of all.
 */
export async function probeSingleCalls(
  routes: ReadonlyMap<string, RoleRoute>,
  chatRoles: string[],
  clock: Clock,
  signal: AbortSignal,
): Promise<Record<string, SingleCallProbe>> {
  // Roles served by the same model on the same endpoint share one probe: it
  // measures that model there, and two probes of it at once would compete.
  const byModel = new Map<string, Promise<SingleCallProbe | undefined>>();
  const pending = chatRoles.map((role) => {
    const route = routes.get(role);
    const key = route === undefined ? role : `${route.endpointName}\u0000${route.model}`;
    let probe = byModel.get(key);
    if (probe === undefined) {
      probe = probeRole(route, clock, signal);
      byModel.set(key, probe);
    }
    return probe;
  });
  const measured = await Promise.all(pending);
  const probes: Record<string, SingleCallProbe> = {};
  chatRoles.forEach((role, index) => {
    const probe = measured[index];
    if (probe !== undefined) probes[role] = probe;
  });
  return probes;
}

async function probeRole(
  route: RoleRoute | undefined,
  clock: Clock,
  signal: AbortSignal,
): Promise<SingleCallProbe | undefined> {
  const chat = route?.adapter.chat;
  if (route === undefined || chat === undefined) return undefined;
  const ttfts: number[] = [];
  const speeds: number[] = [];
  for (let index = 0; index < PROBE_REQUESTS; index++) {
    if (signal.aborted) break;
    const result = await chat.call(
      route.adapter,
      route.model,
      {
        messages: [{ role: 'user', content: `${PROBE_PROMPT} (${index})` }],
        maxTokens: PROBE_MAX_TOKENS,
        seed: index,
      },
      { clock, signal },
    );
    const { sentAtMs, firstTokenAtMs, lastTokenAtMs } = result.timing;
    if (firstTokenAtMs === null) continue;
    ttfts.push(firstTokenAtMs - sentAtMs);
    const decodeMs = (lastTokenAtMs ?? firstTokenAtMs) - firstTokenAtMs;
    if (decodeMs > 0 && result.usage.outputTokens > 1)
      speeds.push(((result.usage.outputTokens - 1) * 1000) / decodeMs);
  }
  if (ttfts.length === 0) return undefined;
  return {
    endpoint: route.endpointName,
    model: route.model,
    placement: route.placement,
    simulated: route.simulated,
    samples: ttfts.length,
    ttftMs: median(ttfts),
    outputTokensPerS: speeds.length === 0 ? 0 : median(speeds),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
}
