import type { Grade } from '../../spec/index.js';
import { closeTo, numbersIn } from '../shared/index.js';
import type { SqlCase } from './cases.js';

/** The text after the last "ANSWER:" marker, or the whole reply when there is none. */
function answerPart(answer: string): string {
  const index = answer.toUpperCase().lastIndexOf('ANSWER:');
  return index < 0 ? answer : answer.slice(index + 'ANSWER:'.length);
}

/** Compares the reply's value with the gold query's result. */
export function gradeSql(input: { case: SqlCase; answer: string }): Grade {
  const theCase = input.case;
  const part = answerPart(typeof input.answer === 'string' ? input.answer : '');
  if (theCase.kind === 'label') {
    const lower = part.toLowerCase();
    const named = (theCase.labels ?? []).filter((label) =>
      new RegExp(`\\b${label.toLowerCase()}\\b`).test(lower),
    );
    if (named.length === 1 && named[0] === theCase.expected) return { passed: true, score: 1 };
    return {
      passed: false,
      score: 0,
      reason: `answer names ${named.join(', ') || 'nothing'}, expected ${theCase.expected}`,
    };
  }
  const expected = Number(theCase.expected);
  const values = numbersIn(part);
  // With no ANSWER line, the last number of the reply is taken as its answer.
  const candidate = part === input.answer ? values.slice(-1) : values;
  if (candidate.some((value) => closeTo(value, expected, theCase.tolerance ?? {})))
    return { passed: true, score: 1 };
  return {
    passed: false,
    score: 0,
    reason: `answer ${candidate.join(', ') || 'has no number'}, expected ${expected}`,
  };
}
