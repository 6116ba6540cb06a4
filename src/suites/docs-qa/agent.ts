import { runToolLoop } from '../../context/index.js';
import type { TaskContext } from '../../spec/index.js';
import type { DocsCase } from './cases.js';
import type { DocsState } from './state.js';
import type { DocsMatch } from './tools.js';

/**
 * Candidates kept from hybrid retrieval. Small on purpose: all of them go to
 * the model in reranked order, so the reranker decides the order of the
 * context, not what the model can see.
 */
export const CANDIDATES = 8;

const SYSTEM = `Answer the question from the documentation passages only. State the value with its unit and cite
the passage you used by its id in square brackets, e.g. [doc-12]. If the passages do not answer it, say so.`;

/**
 * Retrieval-augmented answering: embed, hybrid search in the remote vector
 * store, rerank, then the large model answers with a citation.
 */
export async function docsAgent(ctx: TaskContext<DocsCase, DocsState>): Promise<string> {
  const question = ctx.case.question;
  const passages = await ctx.span(
    'retrieve',
    async (child) => {
      const embedded = await child.embed('embedder', [question]);
      const vector = embedded.vectors[0];
      const searched = await child.tool('vector_search', {
        query: question,
        ...(vector === undefined ? {} : { vector: Array.from(vector) }),
        k: CANDIDATES,
      });
      const found = searched.ok ? (searched.value as DocsMatch[]) : [];
      if (found.length === 0) return found;
      const reranked = await child.rerank(
        'reranker',
        question,
        found.map((passage) => passage.text),
      );
      return reranked.results.flatMap((result) => found[result.index] ?? []);
    },
    { kind: 'retrieval' },
  );
  ctx.state.retrievedIds = passages.map((passage) => passage.id);
  const context = passages.map((passage) => `[${passage.id}] ${passage.text}`).join('\n');
  const result = await runToolLoop(ctx as TaskContext, {
    role: 'planner',
    tools: [],
    maxSteps: 1,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Passages:\n${context}\n\nQuestion: ${question}` },
    ],
  });
  return result.answer;
}
