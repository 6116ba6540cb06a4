import type { EndpointAdapter } from '../spec/index.js';
import { anthropicChat } from './anthropic-chat.js';
import type { HttpClient } from './http-client.js';
import { preflightCall } from './preflight.js';

/** The Anthropic Messages API: chat only. */
export function createAnthropicAdapter(init: {
  name: string;
  client: HttpClient;
  placementOf(model: string): string;
}): EndpointAdapter {
  const { client } = init;
  const adapter: EndpointAdapter = {
    name: init.name,
    simulated: false,
    placementOf: init.placementOf,
    chat: (model, request, options) => anthropicChat(client, model, request, options),
    preflight: (model, capability, options) =>
      preflightCall(adapter, client.urlOf(''), model, capability, options),
    close: () => client.close(),
  };
  return adapter;
}
