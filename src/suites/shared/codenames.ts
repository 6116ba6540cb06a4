import type { SeededRandom } from './random.js';

const ONSETS = [
  'b',
  'br',
  'c',
  'd',
  'dr',
  'f',
  'g',
  'gr',
  'k',
  'kr',
  'l',
  'm',
  'n',
  'p',
  'q',
  'r',
  's',
  't',
  'tr',
  'v',
  'vr',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ae', 'ai', 'ou'];
const CODAS = ['n', 'r', 'x', 'th', 'l', 'sk', 'nd', 'v', 'z'];

/**
 * Distinct made-up words (e.g. "Zaerith", "Kovandel") for product and
 * organisation names. Invented words are rare in any corpus, which is what
 * lets BM25 find the one passage that names them.
 */
export function codenames(random: SeededRandom, count: number, taken: Set<string> = new Set()): string[] {
  const names: string[] = [];
  while (names.length < count) {
    const syllables = random.int(2, 3);
    let word = '';
    for (let index = 0; index < syllables; index += 1) word += random.pick(ONSETS) + random.pick(VOWELS);
    word += random.pick(CODAS);
    const name = word.charAt(0).toUpperCase() + word.slice(1);
    if (taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}
