import Database from 'better-sqlite3';
import { AgentperfError } from '../../errors.js';
import { toFtsQuery } from './fts-query.js';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';
import type {
  HybridOptions,
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchIndexOptions,
} from './search-types.js';
import { VectorStore } from './vector-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS passages (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
  text, content='passages', content_rowid='rowid', tokenize='porter unicode61'
);`;

/**
 * A hybrid search index: SQLite FTS5 for BM25, brute-force cosine over
 * in-memory vectors, reciprocal rank fusion of the two.
 */
export function createSearchIndex(options: SearchIndexOptions = {}): SearchIndex {
  const database = new Database(options.path ?? ':memory:');
  database.pragma('journal_mode = WAL');
  database.exec(SCHEMA);
  const vectors = new VectorStore();
  const insertPassage = database.prepare<[string, string]>('INSERT INTO passages (id, text) VALUES (?, ?)');
  const insertText = database.prepare<[number | bigint, string]>(
    'INSERT INTO passages_fts (rowid, text) VALUES (?, ?)',
  );
  const search = database.prepare<[string, number], { id: string; score: number }>(
    `SELECT passages.id AS id, -passages_fts.rank AS score
     FROM passages_fts JOIN passages ON passages.rowid = passages_fts.rowid
     WHERE passages_fts MATCH ? ORDER BY passages_fts.rank LIMIT ?`,
  );
  const select = database.prepare<[string], { id: string; text: string }>(
    'SELECT id, text FROM passages WHERE id = ?',
  );
  const count = database.prepare<[], { count: number }>('SELECT count(*) AS count FROM passages');
  const addAll = database.transaction((docs: SearchDocument[]) => {
    for (const doc of docs) {
      let rowid: number | bigint;
      try {
        rowid = insertPassage.run(doc.id, doc.text).lastInsertRowid;
      } catch (error) {
        throw new AgentperfError('internal', `cannot add passage "${doc.id}" to the search index`, {
          cause: error,
        });
      }
      insertText.run(rowid, doc.text);
    }
  });

  const bm25 = (query: string, k: number): SearchHit[] => {
    const match = toFtsQuery(query);
    if (match === null || k <= 0) return [];
    return search.all(match, k);
  };

  return {
    add(docs) {
      addAll(docs);
      // Vectors after the transaction commits, so a failed batch leaves neither half.
      for (const doc of docs) if (doc.vector) vectors.add(doc.id, doc.vector);
    },
    bm25,
    vectorSearch: (vector, k) => vectors.search(vector, k),
    hybrid(query: string, vector: Float32Array | null, k: number, hybridOptions: HybridOptions = {}) {
      const candidates = hybridOptions.candidates ?? Math.max(4 * k, 50);
      const lists = [bm25(query, candidates)];
      if (vector !== null) lists.push(vectors.search(vector, candidates));
      return reciprocalRankFusion(lists, k, hybridOptions.rrfK ?? 60);
    },
    get: (id) => select.get(id),
    size: () => count.get()!.count,
    close: () => database.close(),
  };
}
