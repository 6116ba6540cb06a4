import type { StreamTiming } from '../spec/index.js';

/**
 * Clock readings of the chunks that carried output tokens, turned into a
 * StreamTiming once the total output token count is known.
 *
 * The rule for inter-token gaps (servers rarely say how many tokens a chunk
 * holds):
 * - each chunk carrying content, reasoning or a tool-call delta counts as
 *   one token, unless
 * - the final usage reports more output tokens than such chunks: then the
 *   tokens are spread evenly over the chunks (the first chunks get one more
 *   when it does not divide), and a chunk with k tokens contributes k gaps
 *   of (its gap to the previous chunk) / k.
 * The first chunk has no previous chunk and contributes no gap: its wait is
 * time to first token, not an inter-token gap.
 */
export class TokenTimeline {
  readonly sentAtMs: number;
  private readonly chunkTimes: number[] = [];

  constructor(sentAtMs: number) {
    this.sentAtMs = sentAtMs;
  }

  /** A chunk carrying output arrived at atMs. */
  mark(atMs: number): void {
    this.chunkTimes.push(atMs);
  }

  /** Number of chunks that carried output. */
  get chunks(): number {
    return this.chunkTimes.length;
  }

  /** The timing, with gaps per token given the reported output token count (null when unknown). */
  finish(outputTokens: number | null): StreamTiming {
    const times = this.chunkTimes;
    const count = times.length;
    if (count === 0) {
      return { sentAtMs: this.sentAtMs, firstTokenAtMs: null, lastTokenAtMs: null, interTokenGapsMs: [] };
    }
    const tokens = outputTokens !== null && outputTokens > count ? outputTokens : count;
    const base = Math.floor(tokens / count);
    const extra = tokens - base * count;
    const gaps: number[] = [];
    for (let index = 1; index < count; index++) {
      const perChunk = base + (index < extra ? 1 : 0);
      const gap = (times[index]! - times[index - 1]!) / perChunk;
      for (let token = 0; token < perChunk; token++) gaps.push(gap);
    }
    return {
      sentAtMs: this.sentAtMs,
      firstTokenAtMs: times[0]!,
      lastTokenAtMs: times[count - 1]!,
      interTokenGapsMs: gaps,
    };
  }
}
