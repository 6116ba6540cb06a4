// Measures the figures the tools documentation quotes. Not a test (no
// assertions on time): run `node --import tsx test/tools/measure-tools.ts`.
import Database from 'better-sqlite3';
import { cloneDatabase, createSandbox, createSearchIndex } from '../../src/tools/index.js';

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function time(repeat: number, work: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < repeat; index++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

/** A deterministic pseudo-random generator (mulberry32), so runs compare. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

async function measureSandbox(): Promise<void> {
  const sandbox = createSandbox({ poolSize: 2 });
  const input = {
    code: 'function add(a, b) { return a + b; }',
    tests: [
      { name: 'adds', code: 'assertEqual(add(1, 2), 3);' },
      { name: 'negatives', code: 'assertEqual(add(-1, -2), -3);' },
    ],
  };
  await time(10, () => sandbox.run(input));
  const samples = await time(100, () => sandbox.run(input));
  console.log(`sandbox run, warm pool of 2, 2 tests: median ${median(samples).toFixed(2)} ms over 100 calls`);
  const cold = await time(5, async () => {
    const fresh = createSandbox({ poolSize: 1 });
    await fresh.run(input);
    await fresh.close();
  });
  console.log(`sandbox first run incl. child start (cold): median ${median(cold).toFixed(1)} ms over 5`);
  await sandbox.close();
}

function measureClone(): void {
  const source = new Database(':memory:');
  source.exec(
    'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT, status TEXT, total REAL, note TEXT)',
  );
  const insert = source.prepare('INSERT INTO orders (customer, status, total, note) VALUES (?, ?, ?, ?)');
  const next = random(1);
  source.transaction(() => {
    for (let index = 0; index < 80_000; index++) {
      insert.run(
        `customer-${index % 3000}`,
        index % 7 === 0 ? 'refunded' : 'delivered',
        next() * 500,
        `note ${next()}`,
      );
    }
  })();
  const megabytes = source.serialize().length / 1e6;
  const samples: number[] = [];
  for (let index = 0; index < 30; index++) {
    const started = performance.now();
    const clone = cloneDatabase(source);
    samples.push(performance.now() - started);
    clone.close();
  }
  console.log(
    `cloneDatabase of a ${megabytes.toFixed(1)} MB database: median ${median(samples).toFixed(2)} ms over 30`,
  );
  source.close();
}

async function measureSearch(): Promise<void> {
  const count = 20_000;
  const dimension = 384;
  const next = random(7);
  const words = Array.from({ length: 5000 }, (_, index) => `w${index.toString(36)}`);
  const docs = Array.from({ length: count }, (_, index) => {
    const vector = new Float32Array(dimension);
    for (let axis = 0; axis < dimension; axis++) vector[axis] = next() - 0.5;
    const text = Array.from({ length: 60 }, () => words[Math.floor(next() * words.length)]).join(' ');
    return { id: `p${index}`, text, vector };
  });
  const index = createSearchIndex();
  const built = performance.now();
  index.add(docs);
  console.log(
    `search index build, ${count} passages × ${dimension} dims: ${(performance.now() - built).toFixed(0)} ms`,
  );
  const query = docs[123]!.vector;
  await time(5, () => index.vectorSearch(query, 10));
  const vectorSamples = await time(50, () => index.vectorSearch(query, 10));
  console.log(
    `vectorSearch top-10 over ${count} × ${dimension}: median ${median(vectorSamples).toFixed(2)} ms over 50`,
  );
  const bm25Samples = await time(50, () => index.bm25(docs[123]!.text.split(' ').slice(0, 6).join(' '), 10));
  console.log(
    `bm25 top-10 (6-word query) over ${count} passages: median ${median(bm25Samples).toFixed(2)} ms over 50`,
  );
  const hybridSamples = await time(50, () => index.hybrid(docs[123]!.text.slice(0, 40), query, 10));
  console.log(`hybrid top-10 (BM25 + vector + RRF): median ${median(hybridSamples).toFixed(2)} ms over 50`);
  index.close();
}

await measureSandbox();
measureClone();
await measureSearch();
