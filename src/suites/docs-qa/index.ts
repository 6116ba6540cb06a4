import type { TaskDefinition } from '../../spec/index.js';
import { docsAgent } from './agent.js';
import { type DocsCase, docsCases } from './cases.js';
import { gradeDocs } from './grader.js';
import { prepareDocsIndex } from './prepare.js';
import { docsReference } from './reference.js';
import type { DocsShared, DocsState } from './state.js';

/**
 * Retrieval-augmented answering over 2,200 documentation passages: the
 * embedder role builds the index in prepare() (timed separately), then each
 * question is embedded, retrieved by BM25 + vectors, reranked and answered
 * with a citation by the large model.
 */
export const docsQaTask: TaskDefinition<DocsCase, DocsState, string, DocsShared> = {
  name: 'docs-qa',
  description: 'Hybrid retrieval (BM25 + embeddings), reranking and a cited answer over 2,200 passages.',
  roles: ['embedder', 'reranker', 'planner'],
  cases: docsCases,
  caseId: (theCase) => theCase.id,
  prepare: prepareDocsIndex,
  setup: (_theCase, shared) => ({ index: shared.index, retrievedIds: [] }),
  agent: docsAgent,
  grade: gradeDocs,
  reference: docsReference,
  timeoutMs: 60_000,
};

export type { DocsCase } from './cases.js';
export type { DocsShared, DocsState } from './state.js';
export { docsCases } from './cases.js';
export { docsCorpus } from './corpus.js';
export { gradeDocs } from './grader.js';
export { prepareDocsIndex } from './prepare.js';
export { docsReference } from './reference.js';
export { CANDIDATES as DOCS_CANDIDATES } from './agent.js';
