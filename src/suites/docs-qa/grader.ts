import type { Grade } from '../../spec/index.js';
import { numbersIn } from '../shared/index.js';
import type { DocsCase } from './cases.js';
import type { DocsState } from './state.js';

const CITATION = /\[(doc-\d+)\]/g;

/**
 * Passes when the answer cites the gold passage, cites nothing the agent did
 * not retrieve (a citation it could not have read is invented), and states
 * the key fact's value.
 */
export function gradeDocs(input: { case: DocsCase; answer: string; state: DocsState }): Grade {
  const answer = typeof input.answer === 'string' ? input.answer : '';
  const cited = [...answer.matchAll(CITATION)].map((match) => match[1] as string);
  if (cited.length === 0) return { passed: false, score: 0, reason: 'the answer cites no passage' };
  if (!cited.includes(input.case.goldId)) {
    return {
      passed: false,
      score: 0,
      reason: `cites ${cited.join(', ')}, not the gold passage ${input.case.goldId}`,
    };
  }
  const invented = cited.find((id) => !input.state.retrievedIds.includes(id));
  if (invented !== undefined)
    return { passed: false, score: 0, reason: `cites ${invented}, which was not retrieved` };
  // Citations and the product's model number are numbers too; only the rest can state the value.
  const prose = answer.replace(CITATION, ' ').replaceAll(input.case.product, ' ');
  if (!numbersIn(prose).includes(input.case.value)) {
    return {
      passed: false,
      score: 0.5,
      reason: `the answer does not state ${input.case.value} ${input.case.unit}`,
    };
  }
  return { passed: true, score: 1 };
}
