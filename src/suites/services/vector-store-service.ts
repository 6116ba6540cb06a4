import type { SearchIndex } from '../../tools/index.js';
import {
  type LoopbackService,
  ServiceError,
  type ServiceOptions,
  startLoopbackService,
} from './loopback-service.js';
import { VECTOR_STORE } from './service-time.js';

/**
 * docs-qa's retrieval as a remote vector store: hybrid search (BM25 +
 * the query vector, fused by reciprocal rank) over the embedded passages,
 * answering the passages themselves, held to VECTOR_STORE's service time.
 */
export function startVectorStoreService(
  index: SearchIndex,
  options: ServiceOptions,
): Promise<LoopbackService> {
  return startLoopbackService(
    [
      {
        path: '/query',
        serviceTime: VECTOR_STORE,
        handle(body) {
          const query = typeof body.query === 'string' ? body.query : '';
          if (query.trim() === '') throw new ServiceError(400, 'query is required');
          const vector = Array.isArray(body.vector) ? Float32Array.from(body.vector as number[]) : null;
          const k = typeof body.k === 'number' ? Math.min(Math.max(1, Math.floor(body.k)), 50) : 8;
          const matches = index
            .hybrid(query, vector !== null && vector.length > 0 ? vector : null, k)
            .flatMap((hit) => index.get(hit.id) ?? []);
          return { matches };
        },
      },
    ],
    options,
  );
}
