import { ApiCallError } from '../errors.js';
import type { CallOptions, EndpointAdapter } from '../spec/index.js';

/**
 * One tiny real request for a capability: a one-token chat, one short text
 * to embed, or one document to rerank. Failures are the call's own
 * ApiCallError, which names the endpoint.
 */
export async function preflightCall(
  adapter: EndpointAdapter,
  url: string,
  model: string,
  capability: 'chat' | 'embed' | 'rerank',
  options: CallOptions,
): Promise<void> {
  if (capability === 'chat' && adapter.chat !== undefined) {
    await adapter.chat(
      model,
      { messages: [{ role: 'user', content: 'ping' }], maxTokens: 1, stream: false },
      options,
    );
    return;
  }
  if (capability === 'embed' && adapter.embed !== undefined) {
    await adapter.embed(model, ['ping'], options);
    return;
  }
  if (capability === 'rerank' && adapter.rerank !== undefined) {
    await adapter.rerank(model, 'ping', ['ping'], options);
    return;
  }
  throw new ApiCallError({
    endpoint: adapter.name,
    url,
    status: null,
    retryable: false,
    message: `endpoint "${adapter.name}" cannot serve ${capability} requests (its type has no ${capability} API)`,
  });
}
