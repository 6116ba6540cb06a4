import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { functionTool } from '../../tools/index.js';
import type { ResearchState } from './state.js';

/**
 * search and fetch_page: HTTP calls to the bundled web service (a search
 * API that returns titles, a page store that returns a page). Their service
 * time is modelled on published figures (docs/suite.md), so their spans are
 * labelled simulated.
 */
export const researchTools: ToolImplementation<ResearchState>[] = [
  {
    ...functionTool({
      name: 'search',
      description: 'Searches the web of research notes and returns the best pages: their ids and titles.',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 2, description: 'Words to search for.' },
          k: { type: 'integer', minimum: 1, maximum: 10, description: 'Results to return (default 3).' },
        },
        required: ['query'],
        additionalProperties: false,
      },
      kind: 'retrieval',
      run(args: { query: string; k?: number }, env: ToolEnv<ResearchState>) {
        return env.state.web.post('/search', { query: args.query, k: args.k ?? 3 }, env.signal);
      },
    }),
    simulatedLatency: true,
  },
  {
    ...functionTool({
      name: 'fetch_page',
      description: 'Fetches one page by the id a search returned, and returns its full text.',
      parameters: {
        type: 'object',
        properties: { id: { type: 'string', minLength: 1, description: 'Page id, e.g. note-12.' } },
        required: ['id'],
        additionalProperties: false,
      },
      run(args: { id: string }, env: ToolEnv<ResearchState>) {
        return env.state.web.post('/pages', { id: args.id }, env.signal);
      },
    }),
    simulatedLatency: true,
  },
];
