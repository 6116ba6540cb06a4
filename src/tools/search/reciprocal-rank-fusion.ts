import type { SearchHit } from './search-types.js';

/**
 * Fuses ranked lists by reciprocal rank: each id scores Σ 1/(rrfK + rank)
 * over the lists it appears in (rank from 1). Scores of different methods
 * are not comparable; ranks are, which is why RRF needs no tuning.
 */
export function reciprocalRankFusion(lists: SearchHit[][], k: number, rrfK = 60): SearchHit[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((hit, index) => {
      scores.set(hit.id, (scores.get(hit.id) ?? 0) + 1 / (rrfK + index + 1));
    });
  }
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((left, right) => right.score - left.score)
    .slice(0, k);
}
