import { describe, expect, it } from 'vitest';
import { cloneDatabase } from '../../src/tools/index.js';
import {
  baseStoreDatabase,
  type SupportCase,
  type SupportState,
  supportCases,
  supportReference,
  supportTask,
  supportTools,
} from '../../src/suites/support/index.js';
import type { ToolEnv } from '../../src/spec/index.js';
import { runScripted, withAnswer, withTurn } from './scripted-context.js';

const SEED = 7;
const cases = supportCases(SEED);

function env(state: SupportState): ToolEnv<SupportState> {
  return { state, signal: new AbortController().signal, caseId: 'test', taskExecId: 'test' };
}

function tool(name: string) {
  const found = supportTools.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return found;
}

function firstOf<K extends SupportCase['kind']>(kind: K): Extract<SupportCase, { kind: K }> {
  return cases.find((theCase) => theCase.kind === kind) as Extract<SupportCase, { kind: K }>;
}

describe('support cases', () => {
  it('are deterministic for a seed, at least 50, and differ across seeds', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(supportCases(SEED)).toEqual(cases);
    expect(supportCases(SEED + 1)[0]).not.toEqual(cases[0]);
    expect(new Set(cases.map((theCase) => theCase.id)).size).toBe(cases.length);
    expect(new Set(cases.map((theCase) => theCase.kind))).toEqual(
      new Set(['refund-item', 'refund-order', 'change-address', 'order-status']),
    );
  });

  it('the store has thousands of rows', () => {
    const db = baseStoreDatabase(SEED);
    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count('customers')).toBe(1500);
    expect(count('orders')).toBeGreaterThan(3000);
    expect(count('order_items')).toBeGreaterThan(5000);
  });
});

describe('support grader', () => {
  it('passes the reference trajectory of every case, and leaves the base store untouched', async () => {
    for (const theCase of cases) {
      const run = await runScripted(supportTask, theCase, undefined);
      expect(run.grade, theCase.id).toMatchObject({ passed: true });
      expect(
        run.toolResults.every((call) => call.result.ok),
        theCase.id,
      ).toBe(true);
      supportTask.teardown?.(run.state);
    }
    const base = baseStoreDatabase(SEED);
    expect(base.prepare('SELECT COUNT(*) AS n FROM refunds').get()).toEqual({ n: 0 });
    expect(base.prepare('SELECT COUNT(*) AS n FROM emails').get()).toEqual({ n: 0 });
  });

  it('fails a refund of the wrong amount (one cent short)', async () => {
    const theCase = firstOf('refund-item');
    const reference = supportReference(theCase);
    const turns = reference.main?.turns ?? [];
    const refundIndex = turns.findIndex(
      (turn) => 'toolCalls' in turn && turn.toolCalls[0]?.name === 'refund_order',
    );
    const planted = withTurn(reference, 'main', refundIndex, {
      toolCalls: [
        {
          name: 'refund_order',
          arguments: {
            order_id: theCase.orderId,
            item_id: theCase.itemId,
            amount: (theCase.amountCents - 1) / 100,
            reason: 'x',
          },
        },
      ],
    });
    const run = await runScripted(supportTask, theCase, undefined, planted);
    expect(run.grade.passed).toBe(false);
    expect(run.grade.reason).toMatch(/refunded .* cents/);
  });

  it('fails a refund on the wrong order, a skipped email and a wrong reply', async () => {
    const theCase = firstOf('refund-order');
    const reference = supportReference(theCase);
    const other = cases.find(
      (candidate) => candidate.kind === 'refund-order' && candidate.orderId !== theCase.orderId,
    );
    if (other?.kind !== 'refund-order') throw new Error('need two refund cases');
    const wrongOrder = withTurn(reference, 'main', 2, {
      toolCalls: [{ name: 'refund_order', arguments: { order_id: other.orderId, amount: 1, reason: 'x' } }],
    });
    expect((await runScripted(supportTask, theCase, undefined, wrongOrder)).grade.reason).toMatch(/order/);
    const noEmail = withTurn(reference, 'main', 3, null);
    expect((await runScripted(supportTask, theCase, undefined, noEmail)).grade.reason).toMatch(/email/);
    const wrongReply = withAnswer(reference, 'main', 'All done, your refund is on its way.');
    expect((await runScripted(supportTask, theCase, undefined, wrongReply)).grade.reason).toMatch(/amount/);
  });

  it('fails a write where only a question was asked', async () => {
    const theCase = firstOf('order-status');
    const reference = supportReference(theCase);
    const planted = withTurn(reference, 'main', 1, {
      toolCalls: [
        {
          name: 'change_address',
          arguments: { customer_id: theCase.customer.id, street: '1 A St', city: 'B', postal_code: '12345' },
        },
      ],
    });
    const run = await runScripted(supportTask, theCase, undefined, planted);
    expect(run.grade).toMatchObject({ passed: false });
  });
});

describe('support tools', () => {
  const state = (): SupportState => ({ db: cloneDatabase(baseStoreDatabase(SEED)) });

  it('reject bad arguments with clear errors', async () => {
    const theCase = firstOf('refund-item');
    const local = state();
    const refund = tool('refund_order');
    await expect(refund.call({ order_id: 'seven', amount: 1, reason: 'x' }, env(local))).rejects.toThrow(
      /order_id/,
    );
    await expect(
      refund.call({ order_id: theCase.orderId, amount: -5, reason: 'x' }, env(local)),
    ).rejects.toThrow(/amount/);
    await expect(refund.call({ order_id: 999_999, amount: 1, reason: 'x' }, env(local))).rejects.toThrow(
      /no order with id 999999/,
    );
    await expect(
      refund.call(
        {
          order_id: theCase.orderId,
          item_id: theCase.itemId,
          amount: theCase.amountCents / 100 + 0.01,
          reason: 'x',
        },
        env(local),
      ),
    ).rejects.toThrow(/exceeds the refundable/);
    await expect(
      refund.call({ order_id: theCase.orderId, amount: 1.234, reason: 'x' }, env(local)),
    ).rejects.toThrow(/2 decimals/);
    await expect(tool('find_customer').call({}, env(local))).rejects.toThrow(/find_customer/);
    await expect(tool('find_customer').call({ email: 'nobody@example.com' }, env(local))).rejects.toThrow(
      /no customer/,
    );
    await expect(
      tool('change_address').call({ customer_id: 1, street: 'x', city: 'y', postal_code: 'abc' }, env(local)),
    ).rejects.toThrow(/postal_code/);
    await expect(tool('send_email').call({ customer_id: 1, subject: 'hi' }, env(local))).rejects.toThrow(
      /body/,
    );
    expect(local.db.prepare('SELECT COUNT(*) AS n FROM refunds').get()).toEqual({ n: 0 });
    local.db.close();
  });

  it('send_email carries a per-call cost', () => {
    expect(tool('send_email').costUsd).toBe(0.001);
  });

  it("isolates 64 concurrent executions: none sees another one's writes", async () => {
    const theCase = firstOf('refund-item');
    const states = await Promise.all(
      Array.from({ length: 64 }, (_unused, index) =>
        supportTask.setup?.(theCase, undefined, { seed: 1, taskExecId: `x${index}` }),
      ),
    );
    await Promise.all(
      states.map(async (local, index) => {
        if (local === undefined) throw new Error('no state');
        await tool('refund_order').call(
          { order_id: theCase.orderId, amount: (index + 1) / 100, reason: `r${index}` },
          env(local),
        );
        await tool('change_address').call(
          {
            customer_id: theCase.customer.id,
            street: `${index + 1} Test Street`,
            city: 'Isolation',
            postal_code: '10000',
          },
          env(local),
        );
        await tool('send_email').call(
          { customer_id: theCase.customer.id, subject: `s${index}`, body: 'b' },
          env(local),
        );
      }),
    );
    states.forEach((local, index) => {
      if (local === undefined) throw new Error('no state');
      expect(local.db.prepare('SELECT amount_cents, reason FROM refunds').all()).toEqual([
        { amount_cents: index + 1, reason: `r${index}` },
      ]);
      expect(local.db.prepare('SELECT subject FROM emails').all()).toEqual([{ subject: `s${index}` }]);
      expect(local.db.prepare('SELECT street FROM customers WHERE id = ?').get(theCase.customer.id)).toEqual({
        street: `${index + 1} Test Street`,
      });
      supportTask.teardown?.(local);
    });
    expect(baseStoreDatabase(SEED).prepare('SELECT COUNT(*) AS n FROM customer_changes').get()).toEqual({
      n: 0,
    });
  });
});
