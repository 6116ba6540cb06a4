/**
 * The simulator has no tokenizer (no weights, no vocabularies). It counts
 * one token per 4 characters, rounded up: the usual rule of thumb for
 * English BPE tokenizers. Generated text is cut into 4-character pieces so
 * the text it streams and the usage it reports agree with this rule.
 */
export const CHARS_PER_TOKEN = 4;

/** Estimated tokens of a text: ceil(chars / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Splits text into token-sized pieces (4 characters each, the last may be shorter). */
export function splitIntoTokens(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += CHARS_PER_TOKEN) {
    pieces.push(text.slice(start, start + CHARS_PER_TOKEN));
  }
  return pieces;
}
