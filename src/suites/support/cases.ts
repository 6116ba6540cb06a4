import { SeededRandom, deriveSeed, dollars } from '../shared/index.js';
import { type StoreData, storeData } from './data.js';

interface CaseBase {
  id: string;
  /** The run seed the store was generated from (setup clones that store). */
  seed: number;
  /** What the customer writes. */
  request: string;
  customer: { id: number; name: string; email: string };
}

/** One customer-support conversation, with everything the grader needs to judge the outcome. */
export type SupportCase =
  | (CaseBase & {
      kind: 'refund-item';
      orderId: number;
      itemId: number;
      product: string;
      amountCents: number;
    })
  | (CaseBase & { kind: 'refund-order'; orderId: number; amountCents: number })
  | (CaseBase & { kind: 'change-address'; address: { street: string; city: string; postalCode: string } })
  | (CaseBase & { kind: 'order-status'; orderId: number; createdAt: string; status: string });

const NEW_STREETS = [
  'Willow Court',
  'Granite Row',
  'Beacon Street',
  'Orchard Lane',
  'Quarry Road',
  'Sunset Drive',
];
const NEW_CITIES = ['Northgate', 'Port Ellis', 'Westbrook', 'Hollow Creek', 'Marlow'];
const COUNTS: Array<[SupportCase['kind'], number]> = [
  ['refund-item', 24],
  ['refund-order', 14],
  ['change-address', 14],
  ['order-status', 12],
];

/** 64 support cases for a seed: item refunds, whole-order refunds, address changes and status questions. */
export function supportCases(seed: number): SupportCase[] {
  const data = storeData(seed);
  const random = new SeededRandom(deriveSeed(seed, 'support-cases'));
  const ordersByCustomer = new Map<number, StoreData['orders']>();
  for (const order of data.orders) {
    const list = ordersByCustomer.get(order.customerId) ?? [];
    list.push(order);
    ordersByCustomer.set(order.customerId, list);
  }
  const itemsByOrder = new Map<number, StoreData['items']>();
  for (const item of data.items) {
    const list = itemsByOrder.get(item.orderId) ?? [];
    list.push(item);
    itemsByOrder.set(item.orderId, list);
  }
  // Each case gets its own customer, so cases never depend on each other.
  const customers = random.shuffle(data.customers.filter((customer) => ordersByCustomer.has(customer.id)));
  const cases: SupportCase[] = [];
  for (const [kind, count] of COUNTS) {
    for (let index = 0; index < count; index += 1) {
      const row = customers[cases.length];
      if (row === undefined) throw new Error('not enough customers for the support cases');
      const customer = { id: row.id, name: row.name, email: row.email };
      const orders = ordersByCustomer.get(row.id) ?? [];
      const latest = orders[orders.length - 1] as StoreData['orders'][number];
      const base = { id: `support-${String(cases.length).padStart(3, '0')}-${kind}`, seed, customer };
      const hello = `Hi, I'm ${customer.name} (${customer.email}).`;
      if (kind === 'refund-item') {
        const item = random.pick(itemsByOrder.get(latest.id) ?? []);
        const product = data.products[item.productId - 1]?.name ?? '';
        cases.push({
          ...base,
          kind,
          request: `${hello} The ${product} from my most recent order arrived damaged. Please refund it.`,
          orderId: latest.id,
          itemId: item.id,
          product,
          amountCents: item.quantity * item.unitPriceCents,
        });
      } else if (kind === 'refund-order') {
        const order = random.pick(orders);
        const amountCents = (itemsByOrder.get(order.id) ?? []).reduce(
          (sum, item) => sum + item.quantity * item.unitPriceCents,
          0,
        );
        cases.push({
          ...base,
          kind,
          request: `${hello} Order #${order.id} never arrived. Please refund the whole order.`,
          orderId: order.id,
          amountCents,
        });
      } else if (kind === 'change-address') {
        const address = {
          street: `${random.int(1, 999)} ${random.pick(NEW_STREETS)}`,
          city: random.pick(NEW_CITIES),
          postalCode: String(random.int(10000, 99999)),
        };
        cases.push({
          ...base,
          kind,
          request: `${hello} I've moved to ${address.street}, ${address.city} ${address.postalCode}. Please update my address.`,
          address,
        });
      } else {
        cases.push({
          ...base,
          kind,
          request: `${hello} What's the status of my most recent order?`,
          orderId: latest.id,
          createdAt: latest.createdAt,
          status: latest.status,
        });
      }
    }
  }
  return cases;
}

/** The amount a case refunds, as written in answers and tool arguments ("12.34"). */
export function refundText(theCase: SupportCase): string | null {
  return theCase.kind === 'refund-item' || theCase.kind === 'refund-order'
    ? dollars(theCase.amountCents)
    : null;
}
