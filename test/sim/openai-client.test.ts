import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { withSimulator } from './helpers.js';

const reference = {
  turns: [
    {
      toolCalls: [
        { name: 'lookup', arguments: { id: 7 } },
        { name: 'search', arguments: { query: 'red shoes' } },
      ],
    },
    { answer: 'The order total is 42 dollars.' },
  ],
};
const tools = [
  {
    type: 'function' as const,
    function: {
      name: 'lookup',
      description: 'Look up an order',
      parameters: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'search',
      description: 'Search',
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  },
];

describe('the official openai client against the simulator', () => {
  it('streams text with a final usage-only chunk', async () => {
    await withSimulator({ seed: 1 }, async (sim) => {
      const client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'unused' });
      const stream = await client.chat.completions.create({
        model: 'llama-3.1-8b',
        messages: [{ role: 'user', content: 'Say something.' }],
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: 12,
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined | null;
      let finish: string | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) {
          usage = chunk.usage;
          expect(chunk.choices).toEqual([]);
        }
      }
      expect(usage?.completion_tokens).toBeGreaterThan(0);
      expect(usage?.completion_tokens).toBeLessThanOrEqual(12);
      expect(Math.ceil(text.length / 4)).toBe(usage?.completion_tokens);
      expect(usage?.prompt_tokens_details?.cached_tokens).toBe(0);
      expect(['stop', 'length']).toContain(finish);
    });
  });

  it('streams parallel tool calls from a reference that the client reassembles', async () => {
    await withSimulator({ seed: 1 }, async (sim) => {
      const client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'unused' });
      const body = {
        model: 'llama-3.1-70b',
        messages: [{ role: 'user' as const, content: 'What is the total of order 7?' }],
        tools,
        agentperf_reference: reference,
        seed: 3,
      };
      const stream = client.chat.completions.stream(
        body as unknown as OpenAI.ChatCompletionCreateParamsStreaming,
      );
      const completion = await stream.finalChatCompletion();
      const message = completion.choices[0]!.message;
      expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
      expect(message.tool_calls?.map((call) => (call.type === 'function' ? call.function.name : ''))).toEqual(
        ['lookup', 'search'],
      );
      for (const call of message.tool_calls ?? []) {
        expect(call.id).toMatch(/^call_/);
        if (call.type === 'function') expect(() => JSON.parse(call.function.arguments)).not.toThrow();
      }
      const nonStreamed = await client.chat.completions.create(
        body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
      );
      expect(nonStreamed.choices[0]!.message.tool_calls?.length).toBe(2);
    });
  });

  it('answers 404 with an OpenAI error for an unknown model, lists models, embeds and reranks', async () => {
    await withSimulator({ fabric: 'builtin:heterogeneous' }, async (sim) => {
      const client = new OpenAI({ baseURL: sim.baseUrl, apiKey: 'unused', maxRetries: 0 });
      const error = await client.chat.completions
        .create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
      const models = await client.models.list();
      expect(models.data.map((model) => model.id)).toEqual(
        expect.arrayContaining(['llama-3.1-8b', 'llama-3.1-70b', 'bge-large-en', 'bge-reranker']),
      );
      const embeddings = await client.embeddings.create({
        model: 'bge-large-en',
        input: ['red shoes', 'red shoes on sale', 'tax law'],
      });
      const [shoes, sale, tax] = embeddings.data.map((item) => item.embedding);
      expect(shoes).toHaveLength(1024);
      const dot = (left: number[], right: number[]) =>
        left.reduce((sum, value, index) => sum + value * right[index]!, 0);
      expect(dot(shoes!, sale!)).toBeGreaterThan(dot(shoes!, tax!));
      const rerank = await fetch(`${sim.baseUrl}/rerank`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'bge-reranker',
          query: 'red shoes',
          documents: ['tax law', 'cheap red shoes', 'blue hats'],
          top_n: 2,
        }),
      }).then(
        (response) =>
          response.json() as Promise<{ results: Array<{ index: number; relevance_score: number }> }>,
      );
      expect(rerank.results).toHaveLength(2);
      expect(rerank.results[0]!.index).toBe(1);
      expect(sim.deployment('llama-3.1-8b')).toMatchObject({ kind: 'chat', placement: 'decode-asic' });
      expect(sim.deployment('bge-reranker')?.kind).toBe('rerank');
      const metrics = await fetch(sim.baseUrl.replace(/\/v1$/, '/metrics')).then((response) =>
        response.text(),
      );
      expect(metrics).toMatch(/vllm:num_requests_running\{model_name="llama-3.1-8b"\} 0/);
      expect(metrics).toMatch(/vllm:generation_tokens_total/);
    });
  });
});
