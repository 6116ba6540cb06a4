import { ToolError } from '../../errors.js';
import { functionTool } from '../../tools/index.js';
import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import type { SupportState } from './state.js';

type Row = Record<string, unknown>;

function storeOf(env: ToolEnv): SupportState['db'] {
  return (env.state as SupportState).db;
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ToolError(`${field} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nonEmptyText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ToolError(`${field} must be a non-empty string`);
  return value.trim();
}

function customerRow(db: SupportState['db'], customerId: number): Row {
  const row = db.prepare('SELECT id, name, email FROM customers WHERE id = ?').get(customerId) as
    | Row
    | undefined;
  if (row === undefined) throw new ToolError(`no customer with id ${customerId}`);
  return row;
}

function orderRow(db: SupportState['db'], orderId: number): Row {
  const row = db.prepare('SELECT * FROM orders WHERE id = ?').get(orderId) as Row | undefined;
  if (row === undefined) throw new ToolError(`no order with id ${orderId}`);
  return row;
}

function refundedCents(db: SupportState['db'], column: 'order_id' | 'item_id', id: number): number {
  const row = db
    .prepare(`SELECT COALESCE(SUM(amount_cents), 0) AS cents FROM refunds WHERE ${column} = ?`)
    .get(id) as {
    cents: number;
  };
  return row.cents;
}

const ID = { type: 'integer', minimum: 1 };

const findCustomer = functionTool({
  name: 'find_customer',
  description: 'Finds customers by exact email address or by full name. Returns their ids.',
  parameters: {
    type: 'object',
    properties: { email: { type: 'string' }, name: { type: 'string' } },
    minProperties: 1,
    additionalProperties: false,
  },
  kind: 'retrieval',
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    if (typeof args.email === 'string' && args.email.trim() !== '') {
      const email = args.email.trim().toLowerCase();
      const rows = db
        .prepare('SELECT id AS customer_id, name, email, city FROM customers WHERE email = ?')
        .all(email);
      if (rows.length === 0) throw new ToolError(`no customer with email "${email}"`);
      return { customers: rows };
    }
    const name = nonEmptyText(args.name, 'name (or email)');
    const rows = db
      .prepare(
        'SELECT id AS customer_id, name, email, city FROM customers WHERE name = ? COLLATE NOCASE LIMIT 10',
      )
      .all(name);
    if (rows.length === 0) throw new ToolError(`no customer named "${name}"`);
    return { customers: rows };
  },
});

const listOrders = functionTool({
  name: 'list_orders',
  description: "Lists a customer's orders, newest first, with status and total (USD).",
  parameters: {
    type: 'object',
    properties: { customer_id: ID },
    required: ['customer_id'],
    additionalProperties: false,
  },
  kind: 'retrieval',
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    const customerId = positiveInteger(args.customer_id, 'customer_id');
    customerRow(db, customerId);
    const orders = db
      .prepare(
        `SELECT o.id AS order_id, o.created_at, o.status, COUNT(i.id) AS item_count,
                ROUND(SUM(i.quantity * i.unit_price_cents) / 100.0, 2) AS total
           FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE o.customer_id = ? GROUP BY o.id ORDER BY o.id DESC`,
      )
      .all(customerId);
    return { customer_id: customerId, orders };
  },
});

const getOrder = functionTool({
  name: 'get_order',
  description:
    'Returns one order with its items (item_id, product, quantity, unit price, line total), total and refunds so far.',
  parameters: {
    type: 'object',
    properties: { order_id: ID },
    required: ['order_id'],
    additionalProperties: false,
  },
  kind: 'retrieval',
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    const orderId = positiveInteger(args.order_id, 'order_id');
    const order = orderRow(db, orderId);
    const items = db
      .prepare(
        `SELECT i.id AS item_id, p.name AS product, i.quantity, i.unit_price_cents / 100.0 AS unit_price,
                ROUND(i.quantity * i.unit_price_cents / 100.0, 2) AS line_total
           FROM order_items i JOIN products p ON p.id = i.product_id WHERE i.order_id = ? ORDER BY i.id`,
      )
      .all(orderId) as Array<{ line_total: number }>;
    const totalCents = Math.round(items.reduce((sum, item) => sum + item.line_total, 0) * 100);
    return {
      order_id: orderId,
      customer_id: order.customer_id,
      created_at: order.created_at,
      status: order.status,
      items,
      total: totalCents / 100,
      refunded: refundedCents(db, 'order_id', orderId) / 100,
    };
  },
});

const refundOrder = functionTool({
  name: 'refund_order',
  description:
    'Refunds money on an order. With item_id, refunds that line (at most its line total); without, refunds the order (at most its total). Amount in USD.',
  parameters: {
    type: 'object',
    properties: {
      order_id: ID,
      item_id: ID,
      amount: { type: 'number', exclusiveMinimum: 0 },
      reason: { type: 'string', minLength: 1 },
    },
    required: ['order_id', 'amount', 'reason'],
    additionalProperties: false,
  },
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    const orderId = positiveInteger(args.order_id, 'order_id');
    const reason = nonEmptyText(args.reason, 'reason');
    const amount = args.amount;
    if (typeof amount !== 'number' || !(amount > 0))
      throw new ToolError('amount must be a positive number of USD');
    const amountCents = Math.round(amount * 100);
    if (Math.abs(amount * 100 - amountCents) > 1e-6)
      throw new ToolError(`amount ${amount} has more than 2 decimals`);
    orderRow(db, orderId);
    let itemId: number | null = null;
    let limitCents: number;
    if (args.item_id !== undefined) {
      itemId = positiveInteger(args.item_id, 'item_id');
      const item = db.prepare('SELECT * FROM order_items WHERE id = ?').get(itemId) as Row | undefined;
      if (item === undefined || item.order_id !== orderId) {
        throw new ToolError(`order ${orderId} has no item ${itemId}`);
      }
      limitCents =
        (item.quantity as number) * (item.unit_price_cents as number) - refundedCents(db, 'item_id', itemId);
    } else {
      const total = db
        .prepare('SELECT SUM(quantity * unit_price_cents) AS cents FROM order_items WHERE order_id = ?')
        .get(orderId) as { cents: number };
      limitCents = total.cents - refundedCents(db, 'order_id', orderId);
    }
    if (amountCents > limitCents) {
      throw new ToolError(
        `amount ${amount.toFixed(2)} exceeds the refundable ${(limitCents / 100).toFixed(2)} for ${itemId === null ? `order ${orderId}` : `item ${itemId}`}`,
      );
    }
    const inserted = db
      .prepare('INSERT INTO refunds (order_id, item_id, amount_cents, reason) VALUES (?, ?, ?, ?)')
      .run(orderId, itemId, amountCents, reason);
    return {
      refund_id: Number(inserted.lastInsertRowid),
      order_id: orderId,
      item_id: itemId,
      amount: amountCents / 100,
      remaining_refundable: (limitCents - amountCents) / 100,
    };
  },
});

const changeAddress = functionTool({
  name: 'change_address',
  description: "Replaces a customer's shipping address.",
  parameters: {
    type: 'object',
    properties: {
      customer_id: ID,
      street: { type: 'string', minLength: 1 },
      city: { type: 'string', minLength: 1 },
      postal_code: { type: 'string', pattern: '^[0-9]{5}$' },
    },
    required: ['customer_id', 'street', 'city', 'postal_code'],
    additionalProperties: false,
  },
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    const customerId = positiveInteger(args.customer_id, 'customer_id');
    const street = nonEmptyText(args.street, 'street');
    const city = nonEmptyText(args.city, 'city');
    const postalCode = nonEmptyText(args.postal_code, 'postal_code');
    if (!/^[0-9]{5}$/.test(postalCode))
      throw new ToolError(`postal_code must be 5 digits, got "${postalCode}"`);
    customerRow(db, customerId);
    db.prepare('UPDATE customers SET street = ?, city = ?, postal_code = ? WHERE id = ?').run(
      street,
      city,
      postalCode,
      customerId,
    );
    return { customer_id: customerId, address: `${street}, ${city} ${postalCode}` };
  },
});

const sendEmail = functionTool({
  name: 'send_email',
  description: 'Sends an email to a customer (to the address on file). Costs 0.001 USD per email.',
  parameters: {
    type: 'object',
    properties: {
      customer_id: ID,
      subject: { type: 'string', minLength: 1 },
      body: { type: 'string', minLength: 1 },
    },
    required: ['customer_id', 'subject', 'body'],
    additionalProperties: false,
  },
  costUsd: 0.001,
  run(args: Record<string, unknown>, env: ToolEnv) {
    const db = storeOf(env);
    const customerId = positiveInteger(args.customer_id, 'customer_id');
    const subject = nonEmptyText(args.subject, 'subject');
    const body = nonEmptyText(args.body, 'body');
    const customer = customerRow(db, customerId);
    const inserted = db
      .prepare('INSERT INTO emails (customer_id, to_address, subject, body) VALUES (?, ?, ?, ?)')
      .run(customerId, customer.email, subject, body);
    return { email_id: Number(inserted.lastInsertRowid), to: customer.email };
  },
});

/** The support desk's tools, each working on the execution's own store clone. */
export const supportTools: ToolImplementation<SupportState>[] = [
  findCustomer,
  listOrders,
  getOrder,
  refundOrder,
  changeAddress,
  sendEmail,
];
