import type { ReferenceTrajectory, ReferenceTurn } from '../../spec/index.js';
import { dollars } from '../shared/index.js';
import type { SupportCase } from './cases.js';

function call(name: string, args: Record<string, unknown>): ReferenceTurn {
  return { toolCalls: [{ name, arguments: args }] };
}

function email(theCase: SupportCase, subject: string, body: string): ReferenceTurn {
  return call('send_email', { customer_id: theCase.customer.id, subject, body });
}

/** The answer a correct agent gives; the grader's answer checks are written against the same facts. */
export function referenceAnswer(theCase: SupportCase): string {
  switch (theCase.kind) {
    case 'refund-item':
      return `I've refunded $${dollars(theCase.amountCents)} for the ${theCase.product} on order #${theCase.orderId} and emailed you a confirmation.`;
    case 'refund-order':
      return `I've refunded the full $${dollars(theCase.amountCents)} for order #${theCase.orderId} and emailed you a confirmation.`;
    case 'change-address': {
      const { street, city, postalCode } = theCase.address;
      return `Your address is now ${street}, ${city} ${postalCode}. I've emailed you a confirmation.`;
    }
    case 'order-status':
      return `Your most recent order #${theCase.orderId} (placed ${theCase.createdAt}) is ${theCase.status}.`;
  }
}

/** The exact tool calls a careful support agent makes for the case, then its answer. */
export function supportReference(theCase: SupportCase): Record<string, ReferenceTrajectory> {
  const customerId = theCase.customer.id;
  const turns: ReferenceTurn[] = [call('find_customer', { email: theCase.customer.email })];
  switch (theCase.kind) {
    case 'refund-item':
      turns.push(
        call('list_orders', { customer_id: customerId }),
        call('get_order', { order_id: theCase.orderId }),
        call('refund_order', {
          order_id: theCase.orderId,
          item_id: theCase.itemId,
          amount: theCase.amountCents / 100,
          reason: 'arrived damaged',
        }),
        email(theCase, `Refund for order #${theCase.orderId}`, referenceAnswer(theCase)),
      );
      break;
    case 'refund-order':
      turns.push(
        call('get_order', { order_id: theCase.orderId }),
        call('refund_order', {
          order_id: theCase.orderId,
          amount: theCase.amountCents / 100,
          reason: 'never arrived',
        }),
        email(theCase, `Refund for order #${theCase.orderId}`, referenceAnswer(theCase)),
      );
      break;
    case 'change-address':
      turns.push(
        call('change_address', {
          customer_id: customerId,
          street: theCase.address.street,
          city: theCase.address.city,
          postal_code: theCase.address.postalCode,
        }),
        email(theCase, 'Your address was updated', referenceAnswer(theCase)),
      );
      break;
    case 'order-status':
      turns.push(call('list_orders', { customer_id: customerId }));
      break;
  }
  turns.push({ answer: referenceAnswer(theCase) });
  return { main: { turns } };
}
