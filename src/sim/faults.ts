import { performance } from 'node:perf_hooks';
import type { Faults } from './fabric-schema.js';
import { Random } from './random.js';

/** What to do to one request. */
export interface FaultPlan {
  /** Answer 429 with this Retry-After (seconds). */
  rateLimitedRetryAfterS: number | null;
  serverError: boolean;
  /** Cut the stream after this many tokens (streamed responses only). */
  resetAfterToken: number | null;
  /** Stall before writing this token. */
  stallAtToken: number | null;
  stallMs: number;
  /** Write one malformed SSE chunk before this token. */
  malformedAtToken: number | null;
}

const NO_FAULTS: FaultPlan = {
  rateLimitedRetryAfterS: null,
  serverError: false,
  resetAfterToken: null,
  stallAtToken: null,
  stallMs: 0,
  malformedAtToken: null,
};

/**
 * Draws faults per request from a per-deployment seeded sequence (not from
 * the request content: a retried request must be able to succeed).
 */
export class FaultInjector {
  private readonly random: Random;
  private bucketTokens: number;
  private bucketAtMs = performance.now();

  constructor(
    private readonly faults: Faults | undefined,
    seed: number,
  ) {
    this.random = new Random(seed);
    this.bucketTokens = faults?.rateLimit?.burst ?? 0;
  }

  /** Decides the faults of one request that will stream about outputTokens tokens. */
  plan(outputTokens: number, streamed: boolean): FaultPlan {
    const faults = this.faults;
    if (!faults) return NO_FAULTS;
    const plan: FaultPlan = { ...NO_FAULTS, stallMs: faults.stallMs };
    if (faults.rateLimit) {
      const now = performance.now();
      const { requestsPerSecond, burst } = faults.rateLimit;
      this.bucketTokens = Math.min(
        burst,
        this.bucketTokens + ((now - this.bucketAtMs) / 1000) * requestsPerSecond,
      );
      this.bucketAtMs = now;
      if (this.bucketTokens < 1) {
        plan.rateLimitedRetryAfterS = Math.max(1, Math.ceil((1 - this.bucketTokens) / requestsPerSecond));
        return plan;
      }
      this.bucketTokens -= 1;
    }
    if (this.random.next() < faults.serverErrorRate) {
      plan.serverError = true;
      return plan;
    }
    if (!streamed) return plan;
    const anyToken = () => this.random.int(Math.max(1, outputTokens));
    if (this.random.next() < faults.resetRate) plan.resetAfterToken = anyToken();
    if (this.random.next() < faults.stallRate) plan.stallAtToken = anyToken();
    if (this.random.next() < faults.malformedChunkRate) plan.malformedAtToken = anyToken();
    return plan;
  }
}
