import Database from 'better-sqlite3';
import { SeededRandom, deriveSeed, memoAcrossThreads } from '../shared/index.js';

export const REGIONS = ['North', 'South', 'East', 'West', 'Central'] as const;
export const CHANNELS = ['online', 'retail', 'partner'] as const;
export const CATEGORIES = [
  'audio',
  'cameras',
  'computing',
  'gaming',
  'home',
  'mobile',
  'outdoor',
  'wearables',
] as const;
const PRODUCT_WORDS = ['Nova', 'Pulse', 'Orbit', 'Vertex', 'Echo', 'Summit', 'Flux', 'Aurora'];

/** Rows in the sales table: comfortably above the 100k the benchmark asks for. */
export const SALES_ROWS = 120_000;

/** The schema as the model is told it. */
export const ANALYTICS_SCHEMA = `products(id INTEGER PRIMARY KEY, name TEXT UNIQUE, category TEXT)
sales(id INTEGER PRIMARY KEY, sold_at TEXT 'YYYY-MM-DD' (2023-01-01..2024-12-31), region TEXT, channel TEXT,
      product_id INTEGER REFERENCES products(id), quantity INTEGER, unit_price REAL, amount REAL -- amount is revenue in USD after discount)
regions: ${REGIONS.join(', ')}; channels: ${CHANNELS.join(', ')}; categories: ${CATEGORIES.join(', ')}`;

export interface AnalyticsDatabase {
  db: Database.Database;
  products: Array<{ id: number; name: string; category: string }>;
}

/**
 * Builds the analytics database for a seed: 64 products and 120,000 sales
 * over two years, with regional weights, seasonality and discounts so the
 * questions have non-trivial answers.
 */
export function buildAnalyticsDatabase(seed: number): AnalyticsDatabase {
  const random = new SeededRandom(deriveSeed(seed, 'sql-analyst'));
  const db = new Database(':memory:');
  db.exec(`
    CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, category TEXT NOT NULL);
    CREATE TABLE sales (
      id INTEGER PRIMARY KEY, sold_at TEXT NOT NULL, region TEXT NOT NULL, channel TEXT NOT NULL,
      product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL,
      unit_price REAL NOT NULL, amount REAL NOT NULL
    );`);
  const products: AnalyticsDatabase['products'] = [];
  const prices: number[] = [];
  for (const category of CATEGORIES) {
    for (const word of PRODUCT_WORDS) {
      products.push({ id: products.length + 1, name: `${word} ${category}`, category });
      prices.push(random.int(900, 59_900) / 100);
    }
  }
  const regionWeights = REGIONS.map(() => 0.5 + random.next());
  const channelWeights = [5, 3, 2];
  const days = 731;
  const start = Date.UTC(2023, 0, 1);
  const dates: string[] = [];
  const dayWeights: number[] = [];
  for (let day = 0; day < days; day += 1) {
    const date = new Date(start + day * 86_400_000);
    dates.push(date.toISOString().slice(0, 10));
    // A December peak and growth over the two years.
    dayWeights.push((date.getUTCMonth() === 11 ? 1.6 : 1) * (1 + day / days / 3));
  }
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of dayWeights) {
    running += weight;
    cumulative.push(running);
  }
  const insert = db.transaction(() => {
    const product = db.prepare('INSERT INTO products VALUES (?, ?, ?)');
    for (const row of products) product.run(row.id, row.name, row.category);
    const sale = db.prepare('INSERT INTO sales VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (let id = 1; id <= SALES_ROWS; id += 1) {
      const target = random.next() * running;
      let low = 0;
      let high = days - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if ((cumulative[middle] as number) < target) low = middle + 1;
        else high = middle;
      }
      const productIndex = random.int(0, products.length - 1);
      const unitPrice = prices[productIndex] as number;
      const quantity = random.weighted([8, 4, 2, 1]) + 1;
      const discount = random.pick([0, 0, 0, 0.05, 0.1]);
      const amount = Math.round(quantity * unitPrice * (1 - discount) * 100) / 100;
      sale.run(
        id,
        dates[low],
        REGIONS[random.weighted(regionWeights)],
        CHANNELS[random.weighted(channelWeights)],
        productIndex + 1,
        quantity,
        unitPrice,
        amount,
      );
    }
  });
  insert();
  // A covering index: date-range questions read the index alone (3x faster gold queries than a date index).
  db.exec(
    'CREATE INDEX sales_by_date ON sales(sold_at, region, channel, product_id, quantity, amount); ANALYZE;',
  );
  return { db, products };
}

/**
 * The analytics database of a seed, built once per process and only ever
 * read. Building it takes about a second of CPU; agent worker threads open
 * the main thread's image instead (12 MB, ~15 ms).
 */
export const analyticsDatabase: (seed: number) => AnalyticsDatabase = memoAcrossThreads(
  'sql-analyst-database',
  buildAnalyticsDatabase,
  {
    encode: ({ db, products }) => ({ image: db.serialize(), products }),
    decode: ({ image, products }: { image: Uint8Array; products: AnalyticsDatabase['products'] }) => ({
      db: new Database(Buffer.from(image.buffer, image.byteOffset, image.byteLength)),
      products,
    }),
  },
);
