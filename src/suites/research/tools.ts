import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { functionTool } from '../../tools/index.js';
import type { ResearchState } from './state.js';

/** search: BM25 over the research notes, the best few passages with their ids. */
export const researchTools: ToolImplementation<ResearchState>[] = [
  functionTool({
    name: 'search',
    description:
      'Searches the research notes (full text, BM25) and returns the best passages with their ids.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 2, description: 'Words to search for.' },
        k: { type: 'integer', minimum: 1, maximum: 10, description: 'Passages to return (default 3).' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    kind: 'retrieval',
    run(args: { query: string; k?: number }, env: ToolEnv<ResearchState>) {
      const hits = env.state.index.bm25(args.query, args.k ?? 3);
      return { results: hits.flatMap((hit) => env.state.index.get(hit.id) ?? []) };
    },
  }),
];
