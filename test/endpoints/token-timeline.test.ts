import { describe, expect, it } from 'vitest';
import { TokenTimeline } from '../../src/endpoints/token-timeline.js';

describe('TokenTimeline', () => {
  it('gives one gap per chunk after the first when the token count is unknown', () => {
    const timeline = new TokenTimeline(5);
    for (const at of [10, 13, 20]) timeline.mark(at);
    expect(timeline.finish(null)).toEqual({
      sentAtMs: 5,
      firstTokenAtMs: 10,
      lastTokenAtMs: 20,
      interTokenGapsMs: [3, 7],
    });
  });

  it('spreads reported tokens over chunks and splits each chunk gap per token', () => {
    const timeline = new TokenTimeline(0);
    for (const at of [10, 20, 26]) timeline.mark(at);
    // 7 tokens over 3 chunks: 3, 2, 2; the first chunk has no gap before it.
    expect(timeline.finish(7).interTokenGapsMs).toEqual([5, 5, 3, 3]);
  });

  it('never shrinks below one token per chunk', () => {
    const timeline = new TokenTimeline(0);
    for (const at of [10, 20, 30]) timeline.mark(at);
    expect(timeline.finish(1).interTokenGapsMs).toEqual([10, 10]);
  });

  it('has no first token when nothing arrived', () => {
    expect(new TokenTimeline(3).finish(5)).toEqual({
      sentAtMs: 3,
      firstTokenAtMs: null,
      lastTokenAtMs: null,
      interTokenGapsMs: [],
    });
  });
});
