import type { EndpointAdapter } from '../spec/index.js';
import type { HttpClient } from './http-client.js';
import { preflightCall } from './preflight.js';
import { rerankCall } from './rerank-call.js';
import type { RerankShape } from './rerank-shapes.js';

/** A rerank API in one of the supported wire shapes. */
export function createRerankAdapter(init: {
  name: string;
  client: HttpClient;
  shape: RerankShape;
  placementOf(model: string): string;
}): EndpointAdapter {
  const { client, shape } = init;
  const adapter: EndpointAdapter = {
    name: init.name,
    simulated: false,
    placementOf: init.placementOf,
    rerank: (model, query, documents, options) => rerankCall(client, shape, model, query, documents, options),
    preflight: (model, capability, options) =>
      preflightCall(adapter, client.urlOf(''), model, capability, options),
    close: () => client.close(),
  };
  return adapter;
}
