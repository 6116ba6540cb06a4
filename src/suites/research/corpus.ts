import { SeededRandom, codenames, deriveSeed, memoBySeed } from '../shared/index.js';

/** The facts the corpus knows about one organisation, one passage each. */
export type FactKind = 'established' | 'headquarters' | 'founder' | 'flagship' | 'employees';

export const FACT_KINDS: readonly FactKind[] = [
  'established',
  'headquarters',
  'founder',
  'flagship',
  'employees',
];

export interface Organisation {
  name: string;
  facts: Record<FactKind, string>;
}

export interface ResearchCorpus {
  organisations: Organisation[];
  passages: Array<{ id: string; text: string }>;
}

const CITIES = [
  'Lisbon',
  'Tallinn',
  'Osaka',
  'Valparaiso',
  'Halifax',
  'Nairobi',
  'Bergen',
  'Porto Alegre',
  'Kraków',
  'Adelaide',
];
const FIRST = ['Mara', 'Tomas', 'Ilse', 'Kofi', 'Renata', 'Yusuf', 'Anouk', 'Bram', 'Selin', 'Diego'];
const KINDS = ['Collective', 'Labs', 'Works', 'Systems', 'Foundry'];

/** The sentence that states one fact: passages, worker summaries and references share it. */
export function factSentence(organisation: Organisation, kind: FactKind): string {
  const fact = organisation.facts[kind];
  switch (kind) {
    case 'established':
      return `${organisation.name} was established in ${fact}.`;
    case 'headquarters':
      return `${organisation.name} is headquartered in ${fact}.`;
    case 'founder':
      return `The founder of ${organisation.name} is ${fact}.`;
    case 'flagship':
      return `The flagship product of ${organisation.name} is ${fact}.`;
    case 'employees':
      return `${organisation.name} employs ${fact} people.`;
  }
}

/** 40 organisations × 5 facts, plus one news item each: 240 passages for a seed. */
export const researchCorpus = memoBySeed((seed: number): ResearchCorpus => {
  const random = new SeededRandom(deriveSeed(seed, 'research'));
  const taken = new Set<string>();
  const names = codenames(random, 40, taken);
  const surnames = codenames(random, 40, taken);
  const products = codenames(random, 40, taken);
  const organisations: Organisation[] = names.map((name, index) => ({
    name: `${name} ${random.pick(KINDS)}`,
    facts: {
      established: String(random.int(1950, 2019)),
      headquarters: random.pick(CITIES),
      founder: `${random.pick(FIRST)} ${surnames[index]}`,
      flagship: `${products[index]} Studio`,
      employees: String(random.int(12, 9800)),
    },
  }));
  const passages: ResearchCorpus['passages'] = [];
  const add = (text: string) => passages.push({ id: `note-${passages.length + 1}`, text });
  for (const organisation of organisations) {
    add(`${factSentence(organisation, 'established')} Its first office was above a bakery.`);
    add(`${factSentence(organisation, 'headquarters')} Most of its staff work from there.`);
    add(`${factSentence(organisation, 'founder')} The founder still chairs the board.`);
    add(`${factSentence(organisation, 'flagship')} It accounts for most of the revenue.`);
    add(`${factSentence(organisation, 'employees')} Hiring has been steady.`);
  }
  for (const organisation of organisations) {
    const partner = random.pick(organisations);
    add(`${organisation.name} announced a partnership with ${partner.name} this quarter.`);
  }
  return { organisations, passages };
});
