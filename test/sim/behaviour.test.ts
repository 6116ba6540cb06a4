import { describe, expect, it } from 'vitest';
import { decideReply, perturbAnswer, referenceProgress } from '../../src/sim/behaviour.js';
import type { Behaviour } from '../../src/sim/profiles/schemas.js';
import type { WireMessage } from '../../src/sim/wire.js';
import { streamChat, withSimulator } from './helpers.js';

const reference = {
  turns: [
    { toolCalls: [{ name: 'find_customer', arguments: { email: 'ann@example.com' } }] },
    { toolCalls: [{ name: 'refund', arguments: { order: 17, amount: 30 } }] },
    { answer: 'Refunded 30 dollars on order 17.' },
  ],
};
const tools = ['find_customer', 'refund'].map((name) => ({
  type: 'function',
  function: { name, description: name, parameters: { type: 'object' } },
}));
const perfect: Behaviour = {
  wrongArgumentsRate: 0,
  skippedStepRate: 0,
  wrongAnswerRate: 0,
  recoveryRate: 1,
  outputTokens: { median: 20, sigma: 0.5, max: 100 },
};
const user: WireMessage = { role: 'user', content: 'Refund order 17 for ann@example.com' };
const callTurn = (id: string, name: string, args: object): WireMessage => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});

describe('agent behaviour', () => {
  it('plays the reference back turn by turn and repeats a step whose tool errored', () => {
    const decide = (messages: WireMessage[], behaviour = perfect) =>
      decideReply({ messages, tools, toolChoice: 'auto', reference, behaviour, seed: 5 }).reply;
    expect(decide([user])).toEqual({
      kind: 'tools',
      calls: [{ name: 'find_customer', arguments: '{"email":"ann@example.com"}' }],
    });
    const afterFirst: WireMessage[] = [
      user,
      callTurn('a', 'find_customer', { email: 'ann@example.com' }),
      { role: 'tool', tool_call_id: 'a', content: '{"id":3}' },
    ];
    expect(decide(afterFirst)).toMatchObject({ kind: 'tools', calls: [{ name: 'refund' }] });
    const failed: WireMessage[] = [
      ...afterFirst,
      callTurn('b', 'refund', { order: 18, amount: 30 }),
      { role: 'tool', tool_call_id: 'b', content: '{"error":"no order 18"}' },
    ];
    expect(referenceProgress(failed, reference)).toEqual({ position: 1, errorStreak: 1 });
    expect(decide(failed)).toEqual({
      kind: 'tools',
      calls: [{ name: 'refund', arguments: '{"order":17,"amount":30}' }],
    });
    const done: WireMessage[] = [
      ...afterFirst,
      callTurn('c', 'refund', { order: 17, amount: 30 }),
      { role: 'tool', tool_call_id: 'c', content: '{"ok":true}' },
    ];
    expect(decide(done)).toEqual({ kind: 'text', text: 'Refunded 30 dollars on order 17.' });
  });

  it('errs at the configured rates: certain errors perturb arguments, skip steps and change answers', () => {
    const sure = (override: Partial<Behaviour>) => ({ ...perfect, ...override });
    const wrongArgs = decideReply({
      messages: [user],
      tools,
      toolChoice: 'auto',
      reference,
      behaviour: sure({ wrongArgumentsRate: 1 }),
      seed: 1,
    });
    expect(wrongArgs.outcome).toBe('wrong-arguments');
    expect(wrongArgs.reply.kind === 'tools' && wrongArgs.reply.calls[0]!.arguments).not.toBe(
      '{"email":"ann@example.com"}',
    );
    const skipped = decideReply({
      messages: [user],
      tools,
      toolChoice: 'auto',
      reference,
      behaviour: sure({ skippedStepRate: 1 }),
      seed: 1,
    });
    expect(skipped.reply).toMatchObject({ kind: 'tools', calls: [{ name: 'refund' }] });
    const lastTurn = [
      user,
      callTurn('a', 'find_customer', {}),
      { role: 'tool', tool_call_id: 'a', content: '1' },
      callTurn('b', 'refund', {}),
      { role: 'tool', tool_call_id: 'b', content: '2' },
    ] as WireMessage[];
    const wrong = decideReply({
      messages: lastTurn,
      tools,
      toolChoice: 'auto',
      reference,
      behaviour: sure({ wrongAnswerRate: 1 }),
      seed: 1,
    });
    expect(wrong.reply).toEqual({ kind: 'text', text: 'Refunded 30 dollars on order 18.' });
    expect(perturbAnswer('no digits here')).not.toBe('no digits here');
  });

  it('without a reference, calls an offered tool with schema-valid arguments, or writes text', () => {
    const schemaTools = [
      {
        type: 'function',
        function: {
          name: 'get',
          parameters: {
            type: 'object',
            properties: { n: { type: 'integer' }, mode: { enum: ['a', 'b'] } },
            required: ['n', 'mode'],
          },
        },
      },
    ];
    const call = decideReply({
      messages: [user],
      tools: schemaTools,
      toolChoice: 'required',
      reference: undefined,
      behaviour: perfect,
      seed: 2,
    });
    expect(call.reply.kind).toBe('tools');
    const args =
      call.reply.kind === 'tools'
        ? (JSON.parse(call.reply.calls[0]!.arguments) as { n: unknown; mode: unknown })
        : { n: null, mode: null };
    expect(Number.isInteger(args.n)).toBe(true);
    expect(['a', 'b']).toContain(args.mode);
    const text = decideReply({
      messages: [user],
      tools: schemaTools,
      toolChoice: 'none',
      reference: undefined,
      behaviour: perfect,
      seed: 2,
    });
    expect(text.reply.kind).toBe('text');
  });

  it('is deterministic under a seed over HTTP, and the seed matters', async () => {
    await withSimulator({ seed: 9 }, async (sim) => {
      const body = (seed: number) => ({
        model: 'llama-3.1-8b',
        messages: [{ role: 'user', content: 'hello' }],
        seed,
        max_tokens: 40,
      });
      const text = async (seed: number) =>
        (await streamChat(sim.baseUrl, body(seed))).events
          .map((event) => (event.choices as Array<{ delta?: { content?: string } }>)[0]?.delta?.content ?? '')
          .join('');
      const first = await text(1);
      expect(await text(1)).toBe(first);
      const others = await Promise.all([2, 3, 4].map(text));
      expect(others.some((other) => other !== first)).toBe(true);
    });
  });

  it('the 8B model fails more reference steps than the 70B over many seeds', async () => {
    const { loadSimFabric } = await import('../../src/sim/index.js');
    const fabric = loadSimFabric('builtin:gpu-pool');
    const behaviourOf = (name: string) =>
      fabric.deployments.find((deployment) => deployment.name === name)!.behaviour!;
    const errors = (behaviour: Behaviour) =>
      Array.from(
        { length: 400 },
        (_, seed) =>
          decideReply({ messages: [user], tools, toolChoice: 'auto', reference, behaviour, seed }).outcome,
      ).filter((outcome) => outcome !== 'correct').length;
    expect(errors(behaviourOf('llama-3.1-8b'))).toBeGreaterThan(errors(behaviourOf('llama-3.1-70b')));
  });
});
