import type { Grade } from '../../spec/index.js';
import { closeTo, numbersIn } from '../shared/index.js';
import type { SupportCase } from './cases.js';
import type { SupportState } from './state.js';

interface Refund {
  order_id: number;
  item_id: number | null;
  amount_cents: number;
}

function fail(reason: string): Grade {
  return { passed: false, score: 0, reason };
}

function checkRefunds(theCase: SupportCase, refunds: Refund[]): string | null {
  if (theCase.kind !== 'refund-item' && theCase.kind !== 'refund-order') {
    return refunds.length === 0 ? null : `${refunds.length} refund(s) issued where none was asked for`;
  }
  const wrongOrder = refunds.find((refund) => refund.order_id !== theCase.orderId);
  if (wrongOrder !== undefined)
    return `refund on order ${wrongOrder.order_id}, expected only order ${theCase.orderId}`;
  if (theCase.kind === 'refund-item') {
    const wrongItem = refunds.find((refund) => refund.item_id !== theCase.itemId);
    if (wrongItem !== undefined)
      return `refund on item ${wrongItem.item_id ?? 'none'}, expected item ${theCase.itemId}`;
  }
  const total = refunds.reduce((sum, refund) => sum + refund.amount_cents, 0);
  if (total !== theCase.amountCents) return `refunded ${total} cents, expected ${theCase.amountCents}`;
  return null;
}

function checkAddress(theCase: SupportCase, state: SupportState): string | null {
  const changes = state.db.prepare('SELECT customer_id FROM customer_changes').all() as Array<{
    customer_id: number;
  }>;
  if (theCase.kind !== 'change-address') {
    return changes.length === 0
      ? null
      : `customer ${changes[0]?.customer_id} was modified where nothing was asked`;
  }
  const other = changes.find((change) => change.customer_id !== theCase.customer.id);
  if (other !== undefined)
    return `customer ${other.customer_id} was modified, not only ${theCase.customer.id}`;
  const row = state.db
    .prepare('SELECT street, city, postal_code FROM customers WHERE id = ?')
    .get(theCase.customer.id) as { street: string; city: string; postal_code: string };
  const same = (left: string, right: string) => left.trim().toLowerCase() === right.trim().toLowerCase();
  const { street, city, postalCode } = theCase.address;
  if (!same(row.street, street) || !same(row.city, city) || row.postal_code !== postalCode) {
    return `address is "${row.street}, ${row.city} ${row.postal_code}", expected "${street}, ${city} ${postalCode}"`;
  }
  return null;
}

function checkEmails(theCase: SupportCase, state: SupportState): string | null {
  const recipients = state.db.prepare('SELECT customer_id FROM emails').all() as Array<{
    customer_id: number;
  }>;
  const stranger = recipients.find((email) => email.customer_id !== theCase.customer.id);
  if (stranger !== undefined)
    return `emailed customer ${stranger.customer_id}, who is not in this conversation`;
  if (theCase.kind !== 'order-status' && recipients.length === 0) return 'no confirmation email was sent';
  return null;
}

function checkAnswer(theCase: SupportCase, answer: string): string | null {
  const numbers = numbersIn(answer);
  const lower = answer.toLowerCase();
  switch (theCase.kind) {
    case 'refund-item':
    case 'refund-order': {
      const expected = theCase.amountCents / 100;
      return numbers.some((value) => closeTo(value, expected, { absolute: 0.005 }))
        ? null
        : `the reply does not state the refunded amount ${expected.toFixed(2)}`;
    }
    case 'change-address':
      return answer.includes(theCase.address.postalCode)
        ? null
        : 'the reply does not confirm the new address';
    case 'order-status':
      if (!numbers.includes(theCase.orderId)) return `the reply does not name order #${theCase.orderId}`;
      return lower.includes(theCase.status) ? null : `the reply does not say the order is ${theCase.status}`;
  }
}

/** Judges the store the agent left behind (refunds, address, emails) and then its reply. */
export function gradeSupport(input: { case: SupportCase; answer: string; state: SupportState }): Grade {
  const refunds = input.state.db
    .prepare('SELECT order_id, item_id, amount_cents FROM refunds')
    .all() as Refund[];
  const problem =
    checkRefunds(input.case, refunds) ??
    checkAddress(input.case, input.state) ??
    checkEmails(input.case, input.state) ??
    checkAnswer(input.case, typeof input.answer === 'string' ? input.answer : '');
  return problem === null ? { passed: true, score: 1 } : fail(problem);
}
