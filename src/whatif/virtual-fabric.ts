import { costOf } from '../endpoints/index.js';
import { quantile } from '../metrics/index.js';
import {
  BatchDeployment,
  type ChatDeployment,
  createDeployment,
  type Deployment,
  type ResolvedSimFabric,
  type VirtualClock,
} from '../sim/index.js';
import { UsageError } from '../errors.js';
import type { PrefixModel } from './prefix-model.js';
import { type ReplayedExecution, type ReplayLoad, replayLevel } from './replay-level.js';
import type { GraphStep, TaskGraph } from './task-graph.js';

/** What one re-run model step gave: simulated on virtual time (what-if) or measured (replay). */
export interface SimulatedStep {
  durationMs: number;
  ttftMs: number | null;
  itlMs: [number, number, number, number] | null;
  cachedInputTokens: number;
  costUsd: number | null;
  model: string;
  placement: string;
  /** True when a simulated engine produced it (always, on virtual time). */
  simulated: boolean;
  /** Measured usage of a replayed call, when the server reported one (else the recorded counts stand). */
  inputTokens?: number;
  outputTokens?: number;
  status?: 'ok' | 'error';
  error?: string | null;
}

/** Client-side time a step spends outside the engine (HTTP, JSON, the harness), per step kind; added to the simulated time. */
export type StepOverheads = ReadonlyMap<string, { durationMs: number; ttftMs: number }>;

/**
 * A simulator fabric's deployments on virtual time: the same engine code
 * that serves `agentperf sim`, driven by a VirtualClock instead of timers.
 * The placement's network round trip is waited as the live server waits it.
 */
export class VirtualFabric {
  private readonly deployments = new Map<string, Deployment>();
  /** Deployments that served at least one step: the fleet a prediction is priced on. */
  readonly used = new Set<Deployment>();

  constructor(
    readonly fabric: ResolvedSimFabric,
    private readonly clock: VirtualClock,
    seed: number,
    /** Recorded model name (and role) → the deployment that serves it on this fabric. */
    private readonly modelOf: (recordedModel: string, role: string | null) => string,
  ) {
    for (const config of fabric.deployments) {
      this.deployments.set(config.name, createDeployment(config, { seed, clock }));
    }
  }

  /** The deployment a recorded step maps to; a UsageError naming the fix when the fabric does not serve it. */
  deploymentFor(step: GraphStep): Deployment {
    const name = this.modelOf(step.span.name, step.span.role);
    const deployment = this.deployments.get(name);
    if (deployment === undefined) {
      throw new UsageError(
        `fabric ${this.fabric.name} serves no model "${name}" (needed by role ${step.span.role ?? '?'})`,
        `map the role to a model it serves with --model ${step.span.role ?? 'ROLE'}=MODEL (it serves: ${[...this.deployments.keys()].join(', ')})`,
      );
    }
    this.used.add(deployment);
    return deployment;
  }

  /** Runs one model step from now; `done` is called at its virtual end. */
  run(
    graph: TaskGraph,
    step: GraphStep,
    prefixes: PrefixModel,
    overhead: { durationMs: number; ttftMs: number } | undefined,
    done: (result: SimulatedStep) => void,
  ): void {
    const deployment = this.deploymentFor(step);
    const config = deployment.config;
    const span = step.span;
    const started = this.clock.now();
    const extraMs = overhead?.durationMs ?? 0;
    const finish = (cached: number, ttftMs: number | null, itlMs: SimulatedStep['itlMs']) => {
      const end = () =>
        done({
          durationMs: this.clock.now() - started,
          ttftMs,
          itlMs,
          cachedInputTokens: cached,
          costUsd: costOf(
            { inputTokens: span.inputTokens, cachedInputTokens: cached, outputTokens: span.outputTokens },
            config.prices,
          ),
          model: config.name,
          placement: config.placement.label,
          simulated: true,
        });
      if (extraMs > 0) this.clock.setTimer(end, extraMs);
      else end();
    };
    this.clock.setTimer(() => {
      if (deployment instanceof BatchDeployment) {
        deployment.enqueue([Math.max(1, span.inputTokens)], () => finish(0, null, null));
        return;
      }
      const chat = deployment as ChatDeployment;
      let cached = 0;
      let firstAt = -1;
      let lastAt = -1;
      const gaps: number[] = [];
      try {
        chat.submit({
          promptTokens: Math.max(1, span.inputTokens),
          promptBoundaries: prefixes.promptBoundaries(graph, step),
          completionBoundaries: [prefixes.completionBoundary(graph, step)],
          outputTokens: Math.max(1, span.outputTokens),
          onAdmit(tokens) {
            cached = tokens;
          },
          onToken(_index, atMs) {
            if (firstAt < 0) firstAt = atMs;
            else gaps.push(atMs - lastAt);
            lastAt = atMs;
          },
          onFinish: () => {
            const ttft = span.ttftMs === null ? null : firstAt - started + (overhead?.ttftMs ?? 0);
            finish(cached, ttft, span.itlMs === null ? null : summarizeGaps(gaps));
          },
        });
      } catch {
        // The prompt does not fit this fabric's KV cache: the live server would refuse it.
        finish(0, null, null);
      }
    }, config.placement.rttMs);
  }

  stop(): void {
    for (const deployment of this.deployments.values()) deployment.stop();
  }
}

function summarizeGaps(gaps: number[]): [number, number, number, number] | null {
  if (gaps.length === 0) return null;
  const sorted = [...gaps].sort((a, b) => a - b);
  return [sorted.length, quantile(sorted, 0.5) ?? 0, quantile(sorted, 0.95) ?? 0, sorted[sorted.length - 1]!];
}

/**
 * One level on virtual time: every model step through this fabric's
 * engines (plus the calibrated client-side overhead of its kind), run to
 * the end at once.
 */
export function simulateLevel(init: {
  graphs: readonly TaskGraph[];
  load: ReplayLoad;
  fabric: VirtualFabric;
  clock: VirtualClock;
  prefixes: PrefixModel;
  overheads: StepOverheads;
  setupGapMs: ReadonlyMap<string, number>;
}): ReplayedExecution[] {
  const { fabric, prefixes, overheads } = init;
  return replayLevel({
    graphs: init.graphs,
    load: init.load,
    clock: init.clock,
    setupGapMs: init.setupGapMs,
    runStep: (graph, step, _turn, done) =>
      fabric.run(graph, step, prefixes, step.model === null ? undefined : overheads.get(step.model), done),
    drive: () => init.clock.run(),
  }).executions;
}
