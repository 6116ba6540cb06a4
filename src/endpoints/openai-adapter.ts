import type { EndpointAdapter } from '../spec/index.js';
import type { HttpClient } from './http-client.js';
import { openAIChat } from './openai-chat.js';
import { openAIEmbed } from './openai-embeddings.js';
import { preflightCall } from './preflight.js';
import { rerankCall } from './rerank-call.js';
import type { RerankShape } from './rerank-shapes.js';

export interface OpenAIAdapterInit {
  name: string;
  client: HttpClient;
  /** True for the simulator: requests carry its reference fields and results are labelled simulated. */
  simulated: boolean;
  placementOf(model: string): string;
  /** Rerank shape served at `{baseUrl}/rerank`, when this server reranks too (the simulator does). */
  rerankShape?: RerankShape;
}

/** An OpenAI-compatible server: chat completions, embeddings and optionally rerank. */
export function createOpenAIAdapter(init: OpenAIAdapterInit): EndpointAdapter {
  const { client, simulated, rerankShape } = init;
  const adapter: EndpointAdapter = {
    name: init.name,
    simulated,
    placementOf: init.placementOf,
    chat: (model, request, options) => openAIChat(client, simulated, model, request, options),
    embed: (model, texts, options) => openAIEmbed(client, model, texts, options),
    preflight: (model, capability, options) =>
      preflightCall(adapter, client.urlOf(''), model, capability, options),
    close: () => client.close(),
  };
  if (rerankShape !== undefined) {
    adapter.rerank = (model, query, documents, options) =>
      rerankCall(client, rerankShape, model, query, documents, options);
  }
  return adapter;
}
