import Database from 'better-sqlite3';
import { memoBySeed } from '../shared/index.js';
import { storeData } from './data.js';

const SCHEMA = `
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, price_cents INTEGER NOT NULL);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE,
  street TEXT NOT NULL, city TEXT NOT NULL, postal_code TEXT NOT NULL
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  created_at TEXT NOT NULL, status TEXT NOT NULL
);
CREATE INDEX orders_by_customer ON orders(customer_id, id);
CREATE TABLE order_items (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL, unit_price_cents INTEGER NOT NULL
);
CREATE INDEX items_by_order ON order_items(order_id);
CREATE TABLE refunds (
  id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), item_id INTEGER REFERENCES order_items(id),
  amount_cents INTEGER NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE emails (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  to_address TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL
);
-- Every change to a customer is logged, so a grader can prove nobody else was touched.
CREATE TABLE customer_changes (customer_id INTEGER NOT NULL, old_address TEXT NOT NULL, new_address TEXT NOT NULL);
CREATE TRIGGER customer_changed AFTER UPDATE ON customers BEGIN
  INSERT INTO customer_changes VALUES (
    old.id, old.street || ', ' || old.city || ' ' || old.postal_code, new.street || ', ' || new.city || ' ' || new.postal_code
  );
END;
`;

/** Creates the store database for a seed, in memory. Execution states are clones of it. */
export function buildStoreDatabase(seed: number): Database.Database {
  const data = storeData(seed);
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  const insert = db.transaction(() => {
    const product = db.prepare('INSERT INTO products VALUES (?, ?, ?, ?)');
    for (const row of data.products) product.run(row.id, row.name, row.category, row.priceCents);
    const customer = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)');
    for (const row of data.customers)
      customer.run(row.id, row.name, row.email, row.street, row.city, row.postalCode);
    const order = db.prepare('INSERT INTO orders VALUES (?, ?, ?, ?)');
    for (const row of data.orders) order.run(row.id, row.customerId, row.createdAt, row.status);
    const item = db.prepare('INSERT INTO order_items VALUES (?, ?, ?, ?, ?)');
    for (const row of data.items)
      item.run(row.id, row.orderId, row.productId, row.quantity, row.unitPriceCents);
  });
  insert();
  return db;
}

/** The base database of a seed, built once per process. Never written to: executions work on clones. */
export const baseStoreDatabase: (seed: number) => Database.Database = memoBySeed(buildStoreDatabase);
