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
   * Routes to the replica holding the longest cached prefix of this prompt
   * (what prefix-aware routers such as llm-d do), then the least loaded.
   */
  submit(request: SequenceRequest): { replica: Replica; sequence: Sequence } {
    let best = this.replicas[0]!;
    let bestCached = -1;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (const replica of this.replicas) {
      const cached = this.replicas.length > 1 ? replica.cachedPrefixTokens(request) : 0;
      const load = replica.load;
      if (cached > bestCached || (cached === bestCached && load < bestLoad)) {
        best = replica;
        bestCached = cached;
        bestLoad = load;
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
