import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { ApiCallError } from '../../src/errors.js';
import type { ChatRequest, EndpointAdapter } from '../../src/spec/index.js';
import type { SeenRequest } from './support/loopback-server.js';
import type { ScriptedReply } from './support/scripted-reply.js';

/** What a chat adapter under test provides: an adapter talking to a loopback server that plays a scripted reply. */
export interface ChatAdapterHarness {
  name: string;
  start(
    reply: ScriptedReply,
  ): Promise<{ adapter: EndpointAdapter; requests: SeenRequest[]; close(): Promise<void> }>;
}

const question: ChatRequest = { messages: [{ role: 'user', content: 'What is the weather in Paris?' }] };

/**
 * The behaviour every chat adapter must show, whatever its wire format
 * (hono-style: one suite, one factory per implementation).
 */
export function chatAdapterConformance(harness: ChatAdapterHarness): void {
  describe(`chat adapter conformance: ${harness.name}`, () => {
    const running: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await Promise.all(running.splice(0).map((close) => close()));
    });
    const start = async (reply: ScriptedReply) => {
      const started = await harness.start(reply);
      running.push(async () => {
        await started.adapter.close();
        await started.close();
      });
      return started;
    };

    it('streams text, maps usage with cached input, and times tokens in order', async () => {
      const { adapter } = await start({
        text: ['It ', 'is ', 'sunny.'],
        usage: { inputTokens: 50, cachedInputTokens: 20, outputTokens: 3 },
        finish: 'stop',
      });
      const result = await adapter.chat!('model-x', question, { clock: systemClock });
      expect(result.content).toBe('It is sunny.');
      expect(result.toolCalls).toEqual([]);
      expect(result.finishReason).toBe('stop');
      expect(result.usageReported).toBe(true);
      expect(result.usage).toEqual({
        inputTokens: 50,
        cachedInputTokens: 20,
        outputTokens: 3,
        reasoningTokens: 0,
      });
      const { sentAtMs, firstTokenAtMs, lastTokenAtMs, interTokenGapsMs } = result.timing;
      expect(firstTokenAtMs).not.toBeNull();
      expect(firstTokenAtMs!).toBeGreaterThanOrEqual(sentAtMs);
      expect(lastTokenAtMs!).toBeGreaterThanOrEqual(firstTokenAtMs!);
      expect(interTokenGapsMs).toHaveLength(2);
      for (const gap of interTokenGapsMs) expect(gap).toBeGreaterThanOrEqual(0);
    });

    it('assembles a streamed tool call from argument pieces', async () => {
      const { adapter } = await start({
        text: [],
        toolCalls: [{ id: 'call_9', name: 'get_weather', argumentChunks: ['{"city"', ':"Paris"}'] }],
        usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 8 },
        finish: 'tool_calls',
      });
      const result = await adapter.chat!('model-x', question, { clock: systemClock });
      expect(result.finishReason).toBe('tool_calls');
      expect(result.toolCalls).toHaveLength(1);
      expect(result.toolCalls[0]?.id).toBe('call_9');
      expect(result.toolCalls[0]?.name).toBe('get_weather');
      expect(JSON.parse(result.toolCalls[0]!.arguments)).toEqual({ city: 'Paris' });
      expect(result.timing.firstTokenAtMs).not.toBeNull();
    });

    it('answers without streaming when asked, with no token timing', async () => {
      const { adapter } = await start({
        text: ['Fine.'],
        usage: { inputTokens: 5, cachedInputTokens: 0, outputTokens: 2 },
        finish: 'length',
      });
      const result = await adapter.chat!('model-x', { ...question, stream: false }, { clock: systemClock });
      expect(result.content).toBe('Fine.');
      expect(result.finishReason).toBe('length');
      expect(result.usage.outputTokens).toBe(2);
      expect(result.timing.firstTokenAtMs).toBeNull();
      expect(result.timing.interTokenGapsMs).toEqual([]);
    });

    it('sends the whole conversation, tool results included, and never the simulator reference', async () => {
      const { adapter, requests } = await start({
        text: ['Sunny.'],
        usage: { inputTokens: 5, cachedInputTokens: 0, outputTokens: 1 },
        finish: 'stop',
      });
      await adapter.chat!(
        'model-x',
        {
          messages: [
            { role: 'system', content: 'You are terse.' },
            ...question.messages,
            {
              role: 'assistant',
              content: null,
              toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: '{}' }],
            },
            { role: 'tool', toolCallId: 'call_7', content: 'sunny, 21C' },
          ],
          tools: [{ name: 'get_weather', description: 'Weather now', parameters: { type: 'object' } }],
          reference: { turns: [{ answer: 'secret reference' }] },
          seed: 3,
        },
        { clock: systemClock },
      );
      const body = requests[0]!.body;
      expect(JSON.parse(body).model).toBe('model-x');
      for (const expected of ['You are terse.', 'call_7', 'sunny, 21C', 'Weather now'])
        expect(body).toContain(expected);
      expect(body).not.toContain('secret reference');
      expect(body).not.toContain('agentperf_reference');
    });

    it('turns an HTTP error into an ApiCallError naming the endpoint', async () => {
      const { adapter } = await start({
        text: [],
        usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 },
        finish: 'stop',
        errorStatus: 500,
      });
      const error = await adapter.chat!('model-x', question, { clock: systemClock }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ApiCallError);
      expect((error as ApiCallError).status).toBe(500);
      expect((error as ApiCallError).endpoint).toBe(adapter.name);
      expect((error as Error).message).toContain(adapter.name);
    });

    it('rejects with the caller’s abort reason', async () => {
      const { adapter } = await start({
        text: ['a', 'b', 'c', 'd'],
        usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 4 },
        finish: 'stop',
      });
      const controller = new AbortController();
      const reason = new Error('run stopped');
      controller.abort(reason);
      await expect(
        adapter.chat!('model-x', question, { clock: systemClock, signal: controller.signal }),
      ).rejects.toBe(reason);
    });
  });
}
