import { SeededRandom, codenames, deriveSeed, memoBySeed } from '../shared/index.js';

/** One passage of the synthetic product documentation; each states one key fact. */
export interface Passage {
  id: string;
  text: string;
  product: string;
  attribute: string;
  value: number;
  unit: string;
}

interface Attribute {
  name: string;
  unit: string;
  range: [number, number];
  context: string[];
}

const FAMILIES = ['gateway', 'scheduler', 'cache', 'router', 'collector', 'broker', 'vault', 'relay'];

// Values start at 10 so a key fact never collides with a model number (1–9).
const ATTRIBUTES: Attribute[] = [
  {
    name: 'default retry budget',
    unit: 'seconds',
    range: [10, 300],
    context: ['Retries stop once the budget is spent.', 'The budget covers all attempts of one request.'],
  },
  {
    name: 'maximum payload size',
    unit: 'kilobytes',
    range: [64, 8192],
    context: [
      'Larger payloads are rejected with a 413 status.',
      'Compression is applied before the size check.',
    ],
  },
  {
    name: 'idle connection timeout',
    unit: 'minutes',
    range: [10, 240],
    context: ['Idle connections are closed silently.', 'Keep-alive probes do not reset the idle clock.'],
  },
  {
    name: 'log retention period',
    unit: 'days',
    range: [14, 730],
    context: ['Older logs are compacted and then deleted.', 'Audit logs follow a separate policy.'],
  },
  {
    name: 'worker thread limit',
    unit: 'threads',
    range: [10, 512],
    context: ['Threads beyond the limit queue their work.', 'The limit applies per node, not per cluster.'],
  },
  {
    name: 'heartbeat interval',
    unit: 'milliseconds',
    range: [100, 9000],
    context: ['Missed heartbeats mark a peer as suspect.', 'Shorter intervals detect failures sooner.'],
  },
  {
    name: 'cache capacity',
    unit: 'megabytes',
    range: [32, 16384],
    context: ['Entries are evicted in least-recently-used order.', 'Capacity is reserved at start-up.'],
  },
  {
    name: 'maximum concurrent sessions',
    unit: 'sessions',
    range: [10, 20000],
    context: ['New sessions wait when the maximum is reached.', 'Administrative sessions are not counted.'],
  },
  {
    name: 'rate limit',
    unit: 'requests per second',
    range: [10, 5000],
    context: ['Bursts above the limit receive a 429 status.', 'Limits are enforced per API key.'],
  },
  {
    name: 'backup rotation count',
    unit: 'snapshots',
    range: [10, 90],
    context: ['The oldest snapshot is removed first.', 'Snapshots are encrypted at rest.'],
  },
  {
    name: 'warm-up delay',
    unit: 'seconds',
    range: [10, 600],
    context: ['Traffic is held back until warm-up ends.', 'Health checks report "starting" meanwhile.'],
  },
];

const FAMILY_NOTES = [
  'It ships with the standard operations console.',
  'Settings can be changed in the admin panel without a restart.',
  'The value can be overridden per environment.',
  'Operators usually keep the factory setting.',
];

export interface Corpus {
  passages: Passage[];
  byId: Map<string, Passage>;
}

/** 200 products × 11 attributes = 2,200 passages for a seed. */
export const docsCorpus = memoBySeed((seed: number): Corpus => {
  const random = new SeededRandom(deriveSeed(seed, 'docs-qa'));
  const names = codenames(random, 200);
  const passages: Passage[] = [];
  for (const codename of names) {
    const product = `${codename}-${random.int(1, 9)} ${random.pick(FAMILIES)}`;
    for (const attribute of ATTRIBUTES) {
      const value = random.int(attribute.range[0], attribute.range[1]);
      const id = `doc-${passages.length + 1}`;
      const text = `The ${product}'s ${attribute.name} is ${value} ${attribute.unit}. ${random.pick(attribute.context)} ${random.pick(FAMILY_NOTES)}`;
      passages.push({ id, text, product, attribute: attribute.name, value, unit: attribute.unit });
    }
  }
  return { passages, byId: new Map(passages.map((passage) => [passage.id, passage])) };
});
