import { describe, expect, it } from 'vitest';
import { withSimulator } from './helpers.js';

const reference = {
  turns: [{ toolCalls: [{ name: 'lookup', arguments: { id: 7 } }] }, { answer: 'Order 7 costs 42 dollars.' }],
};
const tools = [
  {
    name: 'lookup',
    description: 'Look up an order',
    input_schema: { type: 'object', properties: { id: { type: 'integer' } } },
  },
];

async function events(
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const response = await fetch(`${baseUrl}/messages`, {
    method: 'POST',
    body: JSON.stringify({ stream: true, max_tokens: 200, ...body }),
  });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return {
        event: eventLine!.slice('event: '.length),
        data: JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>,
      };
    });
}

describe('Anthropic Messages API', () => {
  it('streams a tool_use block, then (after a tool_result) the answer, with Anthropic event order', async () => {
    await withSimulator({ seed: 1 }, async (sim) => {
      const first = await events(sim.baseUrl, {
        model: 'llama-3.1-70b',
        messages: [{ role: 'user', content: 'What does order 7 cost?' }],
        tools,
        agentperf_reference: reference,
      });
      const names = first.map((item) => item.event);
      expect(names[0]).toBe('message_start');
      expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      const start = first.find((item) => item.event === 'content_block_start')!.data.content_block as {
        type: string;
        id: string;
        name: string;
      };
      expect(start).toMatchObject({ type: 'tool_use', name: 'lookup' });
      const json = first
        .filter((item) => item.event === 'content_block_delta')
        .map((item) => (item.data.delta as { partial_json: string }).partial_json)
        .join('');
      expect(JSON.parse(json)).toEqual({ id: 7 });
      expect(
        (first.find((item) => item.event === 'message_delta')!.data.delta as { stop_reason: string })
          .stop_reason,
      ).toBe('tool_use');

      const second = await fetch(`${sim.baseUrl}/messages`, {
        method: 'POST',
        body: JSON.stringify({
          model: 'llama-3.1-70b',
          max_tokens: 200,
          tools,
          agentperf_reference: reference,
          messages: [
            { role: 'user', content: 'What does order 7 cost?' },
            {
              role: 'assistant',
              content: [{ type: 'tool_use', id: start.id, name: 'lookup', input: { id: 7 } }],
            },
            {
              role: 'user',
              content: [{ type: 'tool_result', tool_use_id: start.id, content: '{"price": 42}' }],
            },
          ],
        }),
      }).then(
        (response) =>
          response.json() as Promise<{
            content: Array<{ type: string; text?: string }>;
            stop_reason: string;
            usage: { cache_read_input_tokens: number };
          }>,
      );
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content[0]).toEqual({ type: 'text', text: 'Order 7 costs 42 dollars.' });
    });
  });

  it('answers 404 in Anthropic error shape for an unknown model', async () => {
    await withSimulator({}, async (sim) => {
      const response = await fetch(`${sim.baseUrl}/messages`, {
        method: 'POST',
        body: JSON.stringify({ model: 'nope', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    });
  });
});
