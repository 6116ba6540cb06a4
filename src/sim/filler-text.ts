import type { Random } from './random.js';

// Three-letter words: with a leading space each is exactly one 4-character token.
const WORDS = [
  'the',
  'and',
  'for',
  'are',
  'but',
  'not',
  'you',
  'all',
  'can',
  'had',
  'one',
  'our',
  'out',
  'day',
  'get',
  'has',
  'how',
  'new',
  'now',
  'old',
  'see',
  'two',
  'way',
  'who',
  'did',
  'its',
  'let',
  'put',
  'say',
  'too',
  'use',
  'data',
  'run',
].filter((word) => word.length === 3);

/** Text of exactly `tokens` tokens under the chars/4 rule. */
export function fillerText(tokens: number, random: Random): string {
  let text = 'Sim';
  for (let index = 1; index < tokens; index++) text += ` ${WORDS[random.int(WORDS.length)]}`;
  return text;
}
