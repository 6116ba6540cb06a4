/**
 * Embeddings without weights: a hashed bag of words (feature hashing), so
 * texts that share words are close. Retrieval over them behaves like
 * lexical search: plausible, deterministic, and labelled simulated.
 */
export function lexicalVector(text: string, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  for (const word of words) {
    let hash = 0x811c9dc5;
    for (let index = 0; index < word.length; index++) {
      hash ^= word.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    const slot = (hash >>> 0) % dimension;
    vector[slot] = (vector[slot] ?? 0) + ((hash & 0x80000000) === 0 ? 1 : -1);
  }
  let norm = 0;
  for (let index = 0; index < dimension; index++) norm += vector[index]! * vector[index]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let index = 0; index < dimension; index++) vector[index]! /= norm;
  return vector;
}

export function cosine(left: Float32Array, right: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index]! * right[index]!;
  return sum;
}
