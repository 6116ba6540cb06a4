import type { ResolvedDeployment } from '../fabric-loader.js';
import type { Random } from '../random.js';
import { stepTimeMs } from '../roofline.js';
import { type EngineClock, liveClock, type TimerHandle } from './clock.js';

interface BatchItem {
  /** Token count of each input (attention is quadratic per input). */
  inputs: number[];
  tokens: number;
  resolve(): void;
}

/**
 * An embedding or rerank replica: requests that arrive within a short
 * window are run as one forward pass (compute-bound, no decode), up to the
 * token budget; the rest wait for the next batch.
 */
export class BatchReplica {
  private readonly queue: BatchItem[] = [];
  private busy = false;
  private windowTimer: TimerHandle | undefined;
  queuedTokens = 0;
  runningRequests = 0;
  counters = { promptTokens: 0, requestsFinished: 0, batches: 0 };

  constructor(
    private readonly deployment: ResolvedDeployment,
    private readonly random: Random,
    private readonly clock: EngineClock = liveClock,
  ) {}

  /** Resolves when the batch holding these inputs has run. */
  run(inputTokens: number[]): Promise<void> {
    return new Promise((resolve) => this.enqueue(inputTokens, resolve));
  }

  /**
   * Queues inputs and calls `done` when their batch has run. The callback
   * form is what a discrete-event simulation needs: a promise would resolve
   * only after the simulation's synchronous event loop returns.
   */
  enqueue(inputTokens: number[], done: () => void): void {
    const tokens = inputTokens.reduce((sum, count) => sum + count, 0);
    this.queue.push({ inputs: inputTokens, tokens, resolve: done });
    this.queuedTokens += tokens;
    if (this.busy || this.windowTimer) return;
    if (this.queuedTokens >= this.deployment.serving.maxBatchedTokens) this.launch();
    else this.windowTimer = this.clock.setTimer(this.launch, this.deployment.serving.batchWindowMs);
  }

  stop(): void {
    if (this.windowTimer) this.clock.clearTimer(this.windowTimer);
    this.windowTimer = undefined;
  }

  private readonly launch = (): void => {
    this.windowTimer = undefined;
    if (this.queue.length === 0) return;
    const batch: BatchItem[] = [];
    let tokens = 0;
    let attended = 0;
    const budget = this.deployment.serving.maxBatchedTokens;
    while (this.queue.length > 0 && (batch.length === 0 || tokens + this.queue[0]!.tokens <= budget)) {
      const item = this.queue.shift()!;
      batch.push(item);
      tokens += item.tokens;
      for (const count of item.inputs) attended += count * count;
    }
    this.queuedTokens -= tokens;
    this.busy = true;
    this.runningRequests = batch.length;
    const base = stepTimeMs(
      this.deployment.model,
      this.deployment.hardware,
      this.deployment.serving.tensorParallel,
      {
        tokens,
        contextTokensRead: 0,
        attendedPairs: attended,
        sequences: batch.length,
      },
    );
    const duration = base * Math.max(0.5, 1 + this.deployment.serving.jitter * this.random.normal());
    const started = this.clock.now();
    this.clock.setTimer(() => {
      this.busy = false;
      this.runningRequests = 0;
      this.counters.batches++;
      this.counters.promptTokens += tokens;
      this.counters.requestsFinished += batch.length;
      for (const item of batch) item.resolve();
      if (this.queue.length > 0) {
        const late = this.clock.now() - started - duration;
        this.windowTimer = this.clock.setTimer(
          this.launch,
          Math.max(0, this.deployment.serving.batchWindowMs - late),
        );
      }
    }, duration);
  };
}
