import { describe, expect, it } from 'vitest';
import { percentile, smallChatFabric, streamChat, withSimulator } from './helpers.js';

const ask = (index: number, maxTokens: number) => ({
  model: 'small',
  messages: [{ role: 'user', content: `Question number ${index}: tell me a story.` }],
  max_tokens: maxTokens,
});

describe('serving physics', () => {
  it('queues: 64 concurrent requests on 16 slots raise TTFT p95 well above a lone request', async () => {
    const fabric = smallChatFabric('{ maxRunningSequences: 16, maxBatchedTokens: 8192, jitter: 0 }');
    await withSimulator({ fabric, seed: 1 }, async (sim) => {
      await streamChat(sim.baseUrl, ask(0, 2)); // warm the connection pool and the JIT
      const alone: number[] = [];
      for (let index = 0; index < 5; index++)
        alone.push((await streamChat(sim.baseUrl, ask(index, 16))).ttftMs);
      const loaded = await Promise.all(
        Array.from({ length: 64 }, (_, index) => streamChat(sim.baseUrl, ask(100 + index, 16))),
      );
      const loadedTtft = loaded.map((result) => result.ttftMs);
      // Three waves wait for the batch ahead of them: p95 is several times a lone request's TTFT.
      expect(percentile(loadedTtft, 0.95)).toBeGreaterThan(3 * percentile(alone, 0.5));
      expect(loadedTtft.every((value) => value > 0)).toBe(true);
    });
  });

  it('prefix caching: a re-sent conversation reports cached tokens and gets its first token sooner', async () => {
    const fabric = smallChatFabric('{ maxBatchedTokens: 512, jitter: 0 }');
    await withSimulator({ fabric, seed: 1 }, async (sim) => {
      const longContext = 'context '.repeat(4000);
      const first = await streamChat(sim.baseUrl, {
        model: 'small',
        messages: [
          { role: 'system', content: longContext },
          { role: 'user', content: 'first question' },
        ],
        max_tokens: 4,
        stream_options: { include_usage: true },
      });
      const second = await streamChat(sim.baseUrl, {
        model: 'small',
        messages: [
          { role: 'system', content: longContext },
          { role: 'user', content: 'second question' },
        ],
        max_tokens: 4,
        stream_options: { include_usage: true },
      });
      const usageOf = (events: Array<Record<string, unknown>>) =>
        events.find((event) => event.usage)?.usage as {
          prompt_tokens: number;
          prompt_tokens_details: { cached_tokens: number };
        };
      expect(usageOf(first.events).prompt_tokens_details.cached_tokens).toBe(0);
      const cached = usageOf(second.events).prompt_tokens_details.cached_tokens;
      expect(cached).toBeGreaterThan(0.9 * usageOf(first.events).prompt_tokens - 100);
      expect(cached % 16).toBe(0);
      // 8,000 prompt tokens in 512-token chunks take ~16 steps; the cached one needs one.
      expect(second.ttftMs).toBeLessThan(first.ttftMs);
    });
  });

  it('KV exhaustion queues: with room for one sequence, the second starts after the first ends', async () => {
    const fabric = smallChatFabric('{ kvCacheTokens: 100, jitter: 0 }');
    await withSimulator({ fabric, seed: 1 }, async (sim) => {
      // A reference answer of 200 characters makes each reply exactly 50 tokens: two need ~130 KV tokens.
      const fixed = (index: number) => ({
        ...ask(index, 200),
        agentperf_reference: { turns: [{ answer: 'x'.repeat(200) }] },
      });
      const [first, second] = await Promise.all([
        streamChat(sim.baseUrl, fixed(1)),
        streamChat(sim.baseUrl, fixed(2)),
      ]);
      const metricsAfter = await fetch(sim.baseUrl.replace(/\/v1$/, '/metrics')).then((response) =>
        response.text(),
      );
      const ends = [first!, second!].map((result) => result.totalMs).sort((left, right) => left - right);
      const laterTtft = Math.max(first!.ttftMs, second!.ttftMs);
      // The waiting request's first token comes after the running one finished (minus scheduling slack).
      expect(laterTtft).toBeGreaterThan(0.8 * ends[0]!);
      expect(metricsAfter).toMatch(/vllm:num_requests_waiting\{model_name="small"\} 0/);
    });
  });

  it('rejects a request that could never fit the KV cache', async () => {
    const fabric = smallChatFabric('{ kvCacheTokens: 50 }');
    await withSimulator({ fabric }, async (sim) => {
      const response = await fetch(`${sim.baseUrl}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify(ask(1, 100)),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'context_length_exceeded',
      );
    });
  });
});
