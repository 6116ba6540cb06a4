/** At most this many terms reach FTS5; longer queries add little to BM25 and cost time. */
const MAX_TERMS = 64;
const TERM = /[\p{L}\p{N}_]+/gu;

/**
 * Turns any user text into a valid FTS5 query: each word becomes a quoted
 * string joined with OR, so quotes, `*`, `-`, `:`, parentheses and the
 * words AND, OR, NOT and NEAR are searched for as text, never parsed as
 * syntax. Returns null when the text has no searchable word.
 */
export function toFtsQuery(text: string): string | null {
  const terms = new Set<string>();
  for (const match of text.matchAll(TERM)) {
    terms.add(match[0].toLowerCase());
    if (terms.size >= MAX_TERMS) break;
  }
  if (terms.size === 0) return null;
  return [...terms].map((term) => `"${term}"`).join(' OR ');
}
