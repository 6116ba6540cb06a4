import { SeededRandom, deriveSeed, memoBySeed } from '../shared/index.js';

/** The rows of the store's database, generated from the run seed. Money is in integer cents. */
export interface StoreData {
  products: Array<{ id: number; name: string; category: string; priceCents: number }>;
  customers: Array<{
    id: number;
    name: string;
    email: string;
    street: string;
    city: string;
    postalCode: string;
  }>;
  /** Newest last within each customer (ids grow with time). */
  orders: Array<{ id: number; customerId: number; createdAt: string; status: OrderStatus }>;
  items: Array<{ id: number; orderId: number; productId: number; quantity: number; unitPriceCents: number }>;
}

export type OrderStatus = 'processing' | 'shipped' | 'delivered';

const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Xavi',
  'Yara',
  'Zane',
];
const LAST_NAMES = [
  'Abbott',
  'Brandt',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quaid',
  'Rossi',
  'Silva',
  'Tanaka',
  'Ueda',
  'Vargas',
  'Weber',
  'Young',
  'Zhou',
];
const STREETS = [
  'Oak',
  'Maple',
  'Harbor',
  'Mill',
  'Cedar',
  'Lake',
  'Station',
  'Elm',
  'River',
  'Park',
  'Hill',
  'Birch',
];
const STREET_KINDS = ['Street', 'Avenue', 'Road', 'Lane', 'Way'];
const CITIES = [
  'Springfield',
  'Riverton',
  'Lakeside',
  'Fairview',
  'Ashford',
  'Brookhaven',
  'Cedar Falls',
  'Dunmore',
];
const ADJECTIVES = [
  'Alpine',
  'Breeze',
  'Cobalt',
  'Drift',
  'Ember',
  'Fjord',
  'Granite',
  'Harbor',
  'Ivory',
  'Juniper',
];
const PRODUCT_NOUNS: Array<[string, string, number, number]> = [
  ['Desk Lamp', 'home', 1900, 8900],
  ['Water Bottle', 'outdoor', 900, 3900],
  ['Backpack', 'outdoor', 3900, 14900],
  ['Headphones', 'electronics', 2900, 29900],
  ['Keyboard', 'electronics', 2500, 17900],
  ['Throw Blanket', 'home', 2200, 9900],
  ['Running Shoes', 'apparel', 4900, 18900],
  ['Rain Jacket', 'apparel', 5900, 24900],
];
const STATUSES: OrderStatus[] = ['processing', 'shipped', 'delivered'];

/** Builds the store data for a seed: 80 products, 1,500 customers, ~4,500 orders, ~11,000 items. */
export const storeData = memoBySeed((seed: number): StoreData => {
  const random = new SeededRandom(deriveSeed(seed, 'support'));
  const products: StoreData['products'] = [];
  for (const adjective of ADJECTIVES) {
    for (const [noun, category, low, high] of PRODUCT_NOUNS) {
      const priceCents = Math.round(random.int(low, high) / 10) * 10 - 1;
      products.push({ id: products.length + 1, name: `${adjective} ${noun}`, category, priceCents });
    }
  }
  const customers: StoreData['customers'] = [];
  for (let id = 1; id <= 1500; id += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    customers.push({
      id,
      name: `${first} ${last}`,
      // The id keeps emails unique; names repeat, as they do in real stores.
      email: `${first.toLowerCase()}.${last.toLowerCase()}${id}@example.com`,
      street: `${random.int(1, 999)} ${random.pick(STREETS)} ${random.pick(STREET_KINDS)}`,
      city: random.pick(CITIES),
      postalCode: String(random.int(10000, 99999)),
    });
  }
  const orders: StoreData['orders'] = [];
  const items: StoreData['items'] = [];
  // Orders are generated per day so ids grow with creation time.
  const start = Date.UTC(2024, 0, 1);
  for (let day = 0; day < 365; day += 1) {
    const perDay = random.int(8, 16);
    for (let count = 0; count < perDay; count += 1) {
      const orderId = orders.length + 1;
      const ageDays = 365 - day;
      const status: OrderStatus = ageDays > 14 ? 'delivered' : (STATUSES[random.int(0, 2)] as OrderStatus);
      orders.push({
        id: orderId,
        customerId: random.int(1, customers.length),
        createdAt: new Date(start + day * 86_400_000).toISOString().slice(0, 10),
        status,
      });
      // Distinct products per order, so "the X in my order" names one line.
      const lineCount = random.int(1, 4);
      const chosen = new Set<number>();
      while (chosen.size < lineCount) chosen.add(random.int(0, products.length - 1));
      for (const productIndex of chosen) {
        const product = products[productIndex] as StoreData['products'][number];
        items.push({
          id: items.length + 1,
          orderId,
          productId: product.id,
          quantity: random.weighted([6, 3, 1]) + 1,
          unitPriceCents: product.priceCents,
        });
      }
    }
  }
  return { products, customers, orders, items };
});
