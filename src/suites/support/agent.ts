import { runToolLoop } from '../../context/index.js';
import type { TaskContext } from '../../spec/index.js';
import type { SupportCase } from './cases.js';
import type { SupportState } from './state.js';

const SYSTEM = `You are a customer-support agent for an online store. Use the tools to look up the customer and
their orders before acting. Refund exactly what the customer is owed (the line total for one item, the order
total for a whole order), never more. After any refund or address change, email the customer a confirmation.
Finish with a short reply to the customer that states what you did, including amounts and order numbers.`;

/** The support agent: the small model drives the standard tool loop. */
export async function supportAgent(ctx: TaskContext<SupportCase, SupportState>): Promise<string> {
  const result = await runToolLoop(ctx as TaskContext, {
    role: 'worker',
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: ctx.case.request },
    ],
    maxSteps: 10,
  });
  return result.answer;
}
