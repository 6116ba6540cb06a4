/**
 * Endpoint adapters: the real APIs (and the simulator) that serve roles.
 * Everything another folder needs is exported here.
 */
export { createEndpoint, type EndpointDeps } from './create-endpoint.js';
export { bundledPrices, costOf, type PricedUsage, resolvePrices } from './pricing.js';
export { fromOpenAIMessages, toOpenAIMessages } from './openai-messages.js';
export type { OpenAIMessage } from './openai-wire.js';
export { TokenTimeline } from './token-timeline.js';
export { estimateTokens } from './estimate-tokens.js';
export {
  type FetchCallRecord,
  type FetchedApi,
  type FetchHooks,
  instrumentFetch,
} from './instrumented-fetch.js';
export { fetchFault } from './fetch-call.js';
export { apiKeyVariableOf, missingApiKeys } from './api-key.js';
export { openaiTarget } from './openai-target.js';
