import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { functionTool } from '../../tools/index.js';
import type { DocsState } from './state.js';

/** A passage as the vector store answers it. */
export interface DocsMatch {
  id: string;
  text: string;
}

/**
 * vector_search: a query to the bundled remote vector store (hybrid BM25 +
 * vector search). Its service time is modelled on a published measurement
 * (docs/suite.md), so its spans are labelled simulated. The agent calls it
 * itself (it is not offered to the model).
 */
export const docsTools: ToolImplementation<DocsState>[] = [
  {
    ...functionTool({
      name: 'vector_search',
      description: 'Hybrid search (BM25 + the query embedding) over the documentation passages.',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1 },
          vector: { type: 'array', items: { type: 'number' } },
          k: { type: 'integer', minimum: 1, maximum: 50 },
        },
        required: ['query'],
        additionalProperties: false,
      },
      kind: 'retrieval',
      async run(args: { query: string; vector?: number[]; k?: number }, env: ToolEnv<DocsState>) {
        const reply = (await env.state.store.post('/query', args, env.signal)) as { matches: DocsMatch[] };
        return reply.matches;
      },
    }),
    simulatedLatency: true,
  },
];
