import type { CallOptions, RerankResult } from '../spec/index.js';
import type { HttpClient } from './http-client.js';
import { fromRerankResponse, type RerankShape, rerankBody } from './rerank-shapes.js';

/** One rerank call in the given wire shape, at `{baseUrl}/rerank`. */
export function rerankCall(
  client: HttpClient,
  shape: RerankShape,
  model: string,
  query: string,
  documents: string[],
  options: CallOptions & { topN?: number },
): Promise<RerankResult> {
  const body = rerankBody(shape, model, query, documents, options.topN);
  return client.post('/rerank', body, options, async (response) =>
    fromRerankResponse(shape, model, await response.body.json(), options.topN),
  );
}
