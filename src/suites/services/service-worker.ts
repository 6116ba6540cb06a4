import { parentPort, workerData } from 'node:worker_threads';
import { createSearchIndex, type SearchDocument } from '../../tools/index.js';
import type { LoopbackService, ServiceOptions } from './loopback-service.js';
import { startVectorStoreService } from './vector-store-service.js';
import { startWebService } from './web-service.js';

/**
 * Hosts one bundled remote service in its own thread: its index, its HTTP
 * server and its searches then never compete with the harness's event loop,
 * as a remote service would not.
 */
const { kind, documents, options } = workerData as {
  kind: 'web' | 'vector-store';
  documents: SearchDocument[];
  options: ServiceOptions;
};
const index = createSearchIndex();
let service: LoopbackService | null = null;
try {
  index.add(documents);
  service = await (kind === 'web'
    ? startWebService(index, options)
    : startVectorStoreService(index, options));
  parentPort?.postMessage({ type: 'ready', baseUrl: service.baseUrl });
} catch (error) {
  parentPort?.postMessage({ type: 'failed', message: (error as Error).message });
}
parentPort?.on('message', (message: { type: string }) => {
  if (message.type !== 'close') return;
  void (service?.close() ?? Promise.resolve()).then(() => {
    index.close();
    parentPort?.postMessage({ type: 'closed' });
  });
});
