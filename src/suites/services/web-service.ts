import type { SearchIndex } from '../../tools/index.js';
import {
  type LoopbackService,
  ServiceError,
  type ServiceOptions,
  startLoopbackService,
} from './loopback-service.js';
import { PAGE_FETCH, SEARCH_API } from './service-time.js';

/** A search result as the bundled search API returns it: where to read more, not the page itself. */
export interface WebSearchResult {
  id: string;
  title: string;
}

const TITLE_WORDS = 4;

/**
 * The research task's "web": a search API (BM25 over the notes, titles
 * only) and a page store (the full text of a note by id), on one loopback
 * server, each held to its own published service time (SEARCH_API,
 * PAGE_FETCH).
 */
export function startWebService(index: SearchIndex, options: ServiceOptions): Promise<LoopbackService> {
  return startLoopbackService(
    [
      {
        path: '/search',
        serviceTime: SEARCH_API,
        handle(body) {
          const query = typeof body.query === 'string' ? body.query : '';
          if (query.trim() === '') throw new ServiceError(400, 'query is required');
          const k = typeof body.k === 'number' ? Math.min(Math.max(1, Math.floor(body.k)), 10) : 3;
          const results: WebSearchResult[] = index.bm25(query, k).flatMap((hit) => {
            const page = index.get(hit.id);
            return page === undefined ? [] : [{ id: page.id, title: titleOf(page.text) }];
          });
          return { results };
        },
      },
      {
        path: '/pages',
        serviceTime: PAGE_FETCH,
        handle(body) {
          const id = typeof body.id === 'string' ? body.id : '';
          const page = index.get(id);
          if (page === undefined) throw new ServiceError(404, `no page "${id}"`);
          return page;
        },
      },
    ],
    options,
  );
}

/** The first words of a page: enough to choose it, not enough to answer from. */
function titleOf(text: string): string {
  const words = text.split(/\s+/);
  return words.length <= TITLE_WORDS ? text : `${words.slice(0, TITLE_WORDS).join(' ')} …`;
}
