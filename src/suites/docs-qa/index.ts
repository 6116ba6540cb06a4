import type { TaskDefinition } from '../../spec/index.js';
import { docsAgent } from './agent.js';
import { type DocsCase, docsCases } from './cases.js';
import { gradeDocs } from './grader.js';
import { prepareDocsIndex } from './prepare.js';
import { docsReference } from './reference.js';
import { docsTools } from './tools.js';
import type { DocsShared, DocsState } from './state.js';

/**
 * Retrieval-augmented answering over 2,200 documentation passages: the
 * embedder role builds the index in prepare() (timed separately), then each
 * question is embedded, retrieved by BM25 + vectors, reranked and answered
 * with a citation by the large model. The index is served by the bundled
 * remote vector store (`modelledServiceTime: false`: answered as soon as
 * the query is done, for tests).
 */
export function createDocsQaTask(
  options: { modelledServiceTime?: boolean } = {},
): TaskDefinition<DocsCase, DocsState, string, DocsShared> {
  return {
    name: 'docs-qa',
    description:
      'Hybrid retrieval (BM25 + embeddings) from a remote vector store, reranking and a cited answer over 2,200 passages.',
    roles: ['embedder', 'reranker', 'planner'],
    cases: docsCases,
    caseId: (theCase) => theCase.id,
    tools: docsTools,
    prepare: (ctx) => prepareDocsIndex(ctx, options),
    setup: (_theCase, shared) => ({ store: shared.client, retrievedIds: [] }),
    agent: docsAgent,
    grade: gradeDocs,
    reference: docsReference,
    timeoutMs: 60_000,
  };
}

/** The bundled docs-qa task, its vector store held to its published service time. */
export const docsQaTask = createDocsQaTask();
export { docsTools, type DocsMatch } from './tools.js';

export type { DocsCase } from './cases.js';
export type { DocsShared, DocsState } from './state.js';
export { docsCases } from './cases.js';
export { docsCorpus } from './corpus.js';
export { gradeDocs } from './grader.js';
export { prepareDocsIndex } from './prepare.js';
export { docsReference } from './reference.js';
export { CANDIDATES as DOCS_CANDIDATES } from './agent.js';
