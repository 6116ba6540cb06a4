/** One search result: a passage id and its score (higher is better; scales differ by method). */
export interface SearchHit {
  id: string;
  score: number;
}

/** A passage to index; `vector` is its embedding, when the task has one. */
export interface SearchDocument {
  id: string;
  text: string;
  vector?: Float32Array;
}

/** Full-text (BM25) plus vector search over one corpus, fused by reciprocal rank. */
export interface SearchIndex {
  /** Adds passages; ids must be new. Runs in one transaction. */
  add(docs: SearchDocument[]): void;
  /** Best k passages by BM25 for any text (FTS syntax in it is searched as words). */
  bm25(query: string, k: number): SearchHit[];
  /** Best k passages by cosine similarity to `vector`. */
  vectorSearch(vector: Float32Array, k: number): SearchHit[];
  /** Reciprocal rank fusion of BM25 and (when given) vector results: score = Σ 1/(rrfK + rank). */
  hybrid(query: string, vector: Float32Array | null, k: number, options?: HybridOptions): SearchHit[];
  get(id: string): { id: string; text: string } | undefined;
  size(): number;
  close(): void;
}

/** Options of SearchIndex.hybrid. */
export interface HybridOptions {
  /** RRF constant (default 60, the value of Cormack et al.). */
  rrfK?: number;
  /** Results taken from each method before fusion (default max(4k, 50)). */
  candidates?: number;
}

/** Options of createSearchIndex. */
export interface SearchIndexOptions {
  /** SQLite file for the text index (default ':memory:'); vectors are held in memory either way. */
  path?: string;
}
