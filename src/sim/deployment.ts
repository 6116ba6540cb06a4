import { BatchReplica } from './engine/batch-replica.js';
import type { EngineClock } from './engine/clock.js';
import { Replica } from './engine/replica.js';
import type { Sequence, SequenceRequest } from './engine/sequence.js';
import type { ResolvedDeployment } from './fabric-loader.js';
import { FaultInjector } from './faults.js';
import { Random, seedFrom } from './random.js';

/** Options every deployment shares. */
export interface DeploymentOptions {
  seed: number;
  /** Called with each token's lateness (actual minus intended emission time, ms); for the timing bench. */
  onTokenTiming?: (lateMs: number) => void;
  /** Where the engine reads time and waits; the wall clock when absent (live serving). */
  clock?: EngineClock;
}

/** A chat model name served by one or more engine replicas. */
export class ChatDeployment {
  readonly kind = 'chat' as const;
  readonly replicas: Replica[];
  readonly faults: FaultInjector;

  constructor(
    readonly config: ResolvedDeployment,
    options: DeploymentOptions,
  ) {
    this.replicas = Array.from(
      { length: config.serving.replicas },
      (_, index) =>
        new Replica(
          config,
          new Random(seedFrom(options.seed, config.name, index)),
          options.onTokenTiming,
          options.clock,
        ),
    );
    this.faults = new FaultInjector(config.faults, seedFrom(options.seed, config.name, 'faults'));
  }

  /**
   * Routes by prefix-cache hit against load, scored as the vLLM production
   * stack's load-aware router does (serving.routerLoadBeta). With beta 0,
   * the default, this is cache-only placement: the longest cached prefix
   * wins, then the least loaded.
   */
  submit(request: SequenceRequest): { replica: Replica; sequence: Sequence } {
    const replicas = this.replicas;
    let best = replicas[0]!;
    if (replicas.length > 1) {
      const beta = this.config.serving.routerLoadBeta;
      let meanLoad = 0;
      for (const replica of replicas) meanLoad += replica.load;
      meanLoad /= replicas.length;
      const scale = Math.max(1, meanLoad);
      const prompt = Math.max(1, request.promptTokens);
      let bestScore = Number.NEGATIVE_INFINITY;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (const replica of replicas) {
        const load = replica.load;
        const score = replica.cachedPrefixTokens(request) / prompt - (beta * (load - meanLoad)) / scale;
        if (score > bestScore || (score === bestScore && load < bestLoad)) {
          best = replica;
          bestScore = score;
          bestLoad = load;
        }
      }
    }
    return { replica: best, sequence: best.submit(request) };
  }

  stop(): void {
    for (const replica of this.replicas) replica.stop();
  }
}

/** An embedding or rerank model name served by batch replicas. */
export class BatchDeployment {
  readonly replicas: BatchReplica[];
  readonly faults: FaultInjector;

  constructor(
    readonly config: ResolvedDeployment,
    options: DeploymentOptions,
    readonly kind: 'embed' | 'rerank',
  ) {
    this.replicas = Array.from(
      { length: config.serving.replicas },
      (_, index) =>
        new BatchReplica(config, new Random(seedFrom(options.seed, config.name, index)), options.clock),
    );
    this.faults = new FaultInjector(config.faults, seedFrom(options.seed, config.name, 'faults'));
  }

  /** Runs the inputs on the replica with the least queued work. */
  run(inputTokens: number[]): Promise<void> {
    return new Promise((resolve) => this.enqueue(inputTokens, resolve));
  }

  /** As run, calling `done` instead of resolving a promise (for virtual time). */
  enqueue(inputTokens: number[], done: () => void): void {
    let best = this.replicas[0]!;
    for (const replica of this.replicas) {
      if (replica.queuedTokens + replica.runningRequests < best.queuedTokens + best.runningRequests)
        best = replica;
    }
    best.enqueue(inputTokens, done);
  }

  stop(): void {
    for (const replica of this.replicas) replica.stop();
  }
}

export type Deployment = ChatDeployment | BatchDeployment;

/** Builds the runtime deployment of a resolved config. */
export function createDeployment(config: ResolvedDeployment, options: DeploymentOptions): Deployment {
  if (config.model.kind === 'chat') return new ChatDeployment(config, options);
  return new BatchDeployment(config, options, config.model.kind);
}
