import { AgentperfError } from '../../errors.js';
import type { SearchHit } from './search-types.js';

/**
 * Unit vectors in one contiguous Float32Array, searched by brute-force
 * cosine similarity (a dot product of normalised vectors). At the tens of
 * thousands of passages a task corpus holds this takes milliseconds, so
 * no vector database is needed.
 */
export class VectorStore {
  private dimension = 0;
  private data = new Float32Array(0);
  private readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  add(id: string, vector: Float32Array): void {
    if (this.dimension === 0) this.dimension = vector.length;
    if (vector.length !== this.dimension) {
      throw new AgentperfError(
        'internal',
        `vector of "${id}" has ${vector.length} dimensions; the index holds ${this.dimension}`,
      );
    }
    const offset = this.ids.length * this.dimension;
    if (offset + this.dimension > this.data.length) this.grow();
    const norm = euclideanNorm(vector) || 1;
    for (let index = 0; index < this.dimension; index++) this.data[offset + index] = vector[index]! / norm;
    this.ids.push(id);
  }

  /** The k stored vectors most similar to `query`, best first; score is cosine similarity. */
  search(query: Float32Array, k: number): SearchHit[] {
    if (this.ids.length === 0 || k <= 0) return [];
    if (query.length !== this.dimension) {
      throw new AgentperfError(
        'internal',
        `query vector has ${query.length} dimensions; the index holds ${this.dimension}`,
      );
    }
    const dimension = this.dimension;
    const data = this.data;
    const count = this.ids.length;
    const limit = Math.min(k, count);
    // Sorted best-first; a candidate enters only if it beats the current worst.
    const topScores = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
    const topRows = new Int32Array(limit).fill(-1);
    for (let row = 0; row < count; row++) {
      const offset = row * dimension;
      let dot = 0;
      for (let index = 0; index < dimension; index++) dot += data[offset + index]! * query[index]!;
      if (dot <= topScores[limit - 1]!) continue;
      let position = limit - 1;
      while (position > 0 && topScores[position - 1]! < dot) {
        topScores[position] = topScores[position - 1]!;
        topRows[position] = topRows[position - 1]!;
        position--;
      }
      topScores[position] = dot;
      topRows[position] = row;
    }
    const queryNorm = euclideanNorm(query) || 1;
    const hits: SearchHit[] = [];
    for (let position = 0; position < limit; position++) {
      hits.push({ id: this.ids[topRows[position]!]!, score: topScores[position]! / queryNorm });
    }
    return hits;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.ids.length * 2) * this.dimension;
    const next = new Float32Array(capacity);
    next.set(this.data);
    this.data = next;
  }
}

function euclideanNorm(vector: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < vector.length; index++) sum += vector[index]! * vector[index]!;
  return Math.sqrt(sum);
}
