import { describe, expect, it } from 'vitest';
import { smallChatFabric, withSimulator } from './helpers.js';

const body = JSON.stringify({
  model: 'small',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  max_tokens: 30,
  agentperf_reference: { turns: [{ answer: 'y'.repeat(120) }] },
});
const post = (baseUrl: string) => fetch(`${baseUrl}/chat/completions`, { method: 'POST', body });
const faulty = (faults: string) => smallChatFabric('{ jitter: 0 }', `    faults: ${faults}\n`);

describe('fault injection', () => {
  it('rate limits with 429 and Retry-After once the token bucket is empty', async () => {
    await withSimulator(
      { fabric: faulty('{ rateLimit: { requestsPerSecond: 0.5, burst: 2 } }') },
      async (sim) => {
        const statuses = [];
        for (let index = 0; index < 3; index++) {
          const response = await post(sim.baseUrl);
          statuses.push(response.status);
          if (response.status === 429) {
            expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
            expect(((await response.json()) as { error: { type: string } }).error.type).toBe(
              'rate_limit_error',
            );
          } else await response.text();
        }
        expect(statuses).toEqual([200, 200, 429]);
      },
    );
  });

  it('answers 500 at serverErrorRate 1', async () => {
    await withSimulator({ fabric: faulty('{ serverErrorRate: 1 }') }, async (sim) => {
      const response = await post(sim.baseUrl);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe('server_error');
    });
  });

  it('resets the connection mid-stream', async () => {
    await withSimulator({ fabric: faulty('{ resetRate: 1 }') }, async (sim) => {
      const response = await post(sim.baseUrl);
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    });
  });

  it('sends a malformed chunk', async () => {
    await withSimulator({ fabric: faulty('{ malformedChunkRate: 1 }') }, async (sim) => {
      const text = await (await post(sim.baseUrl)).text();
      const payloads = text
        .split('\n\n')
        .filter(Boolean)
        .map((block) => block.replace(/^data: /, ''));
      expect(
        payloads
          .filter((payload) => payload !== '[DONE]')
          .some((payload) => {
            try {
              JSON.parse(payload);
              return false;
            } catch {
              return true;
            }
          }),
      ).toBe(true);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    });
  });

  it('stalls mid-stream: one inter-chunk gap spans the stall', async () => {
    await withSimulator({ fabric: faulty('{ stallRate: 1, stallMs: 400 }') }, async (sim) => {
      const response = await post(sim.baseUrl);
      const arrivals: number[] = [];
      const decoder = new TextDecoder();
      let text = '';
      for await (const chunk of response.body!) {
        arrivals.push(performance.now());
        text += decoder.decode(chunk as Uint8Array, { stream: true });
      }
      const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!);
      // 30 tokens at ~7 ms each take ~200 ms in all; a 400 ms stall shows as one long gap (generous bound).
      expect(Math.max(...gaps)).toBeGreaterThan(300);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    });
  });
});
