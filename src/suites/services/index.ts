/** Bundled remote services of the suite (search API, page store, vector store) on loopback, with published service times. */
export {
  type LognormalMs,
  type ServiceTimeModel,
  PAGE_FETCH,
  SEARCH_API,
  VECTOR_STORE,
  sampleServiceMs,
} from './service-time.js';
export {
  type LoopbackService,
  type ServiceOptions,
  type ServiceRoute,
  ServiceError,
  startLoopbackService,
} from './loopback-service.js';
export { type ServiceClient, serviceClient } from './service-client.js';
export { type WebSearchResult, startWebService } from './web-service.js';
export { startVectorStoreService } from './vector-store-service.js';
export { startServiceThread } from './service-thread.js';
