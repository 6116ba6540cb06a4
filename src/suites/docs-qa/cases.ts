import { SeededRandom, deriveSeed } from '../shared/index.js';
import { docsCorpus } from './corpus.js';

/** A question answered by exactly one passage of the corpus. */
export interface DocsCase {
  id: string;
  seed: number;
  question: string;
  goldId: string;
  product: string;
  attribute: string;
  value: number;
  unit: string;
}

/** 60 questions, each about a different product, for a seed. */
export function docsCases(seed: number): DocsCase[] {
  const { passages } = docsCorpus(seed);
  const random = new SeededRandom(deriveSeed(seed, 'docs-qa-cases'));
  const perProduct = new Map<string, typeof passages>();
  for (const passage of passages) {
    const list = perProduct.get(passage.product) ?? [];
    list.push(passage);
    perProduct.set(passage.product, list);
  }
  const products = random.shuffle([...perProduct.keys()]).slice(0, 60);
  return products.map((product, index) => {
    const gold = random.pick(perProduct.get(product) ?? []);
    return {
      id: `docs-qa-${String(index).padStart(3, '0')}`,
      seed,
      question: `What is the ${gold.attribute} of the ${gold.product}?`,
      goldId: gold.id,
      product: gold.product,
      attribute: gold.attribute,
      value: gold.value,
      unit: gold.unit,
    };
  });
}
