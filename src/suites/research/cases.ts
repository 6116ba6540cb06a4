import { SeededRandom, deriveSeed } from '../shared/index.js';
import { FACT_KINDS, type FactKind, factSentence, researchCorpus } from './corpus.js';

/** A briefing request that needs 3 or 4 facts, each found by a separate worker. */
export interface ResearchCase {
  id: string;
  seed: number;
  organisation: string;
  question: string;
  /** One per sub-question, in plan order. */
  parts: Array<{ kind: FactKind; subquestion: string; fact: string; sentence: string }>;
}

const ASKS: Record<FactKind, { clause: string; subquestion: (name: string) => string }> = {
  established: {
    clause: 'when it was established',
    subquestion: (name) => `In what year was ${name} established?`,
  },
  headquarters: {
    clause: 'where it is headquartered',
    subquestion: (name) => `Where is ${name} headquartered?`,
  },
  founder: { clause: 'who its founder is', subquestion: (name) => `Who is the founder of ${name}?` },
  flagship: {
    clause: 'what its flagship product is',
    subquestion: (name) => `What is the flagship product of ${name}?`,
  },
  employees: {
    clause: 'how many people it employs',
    subquestion: (name) => `How many people does ${name} employ?`,
  },
};

/** 60 briefing requests for a seed (organisations reused with different fact sets). */
export function researchCases(seed: number): ResearchCase[] {
  const { organisations } = researchCorpus(seed);
  const random = new SeededRandom(deriveSeed(seed, 'research-cases'));
  const cases: ResearchCase[] = [];
  for (let index = 0; index < 60; index += 1) {
    const organisation = organisations[index % organisations.length] as (typeof organisations)[number];
    const kinds = random.shuffle(FACT_KINDS).slice(0, random.int(3, 4));
    const clauses = kinds.map((kind) => ASKS[kind].clause);
    const list = `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
    cases.push({
      id: `research-${String(index).padStart(3, '0')}`,
      seed,
      organisation: organisation.name,
      question: `Write a short briefing on ${organisation.name}: ${list}.`,
      parts: kinds.map((kind) => ({
        kind,
        subquestion: ASKS[kind].subquestion(organisation.name),
        fact: organisation.facts[kind],
        sentence: factSentence(organisation, kind),
      })),
    });
  }
  return cases;
}
