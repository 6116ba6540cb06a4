import { startWorker } from '../../start-worker.js';
import type { SearchDocument } from '../../tools/index.js';
import type { LoopbackService, ServiceOptions } from './loopback-service.js';

/**
 * Starts a bundled service (the research web or the docs-qa vector store)
 * over `documents` in a thread of its own (service-worker.ts); resolves
 * when it listens on loopback.
 */
export function startServiceThread(
  kind: 'web' | 'vector-store',
  documents: SearchDocument[],
  options: ServiceOptions,
): Promise<LoopbackService> {
  const worker = startWorker('service-worker', import.meta.url, { workerData: { kind, documents, options } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { type: string; baseUrl?: string; message?: string }) => {
      if (message.type !== 'ready' || message.baseUrl === undefined) {
        void worker.terminate();
        reject(new Error(`the ${kind} service did not start: ${message.message ?? message.type}`));
        return;
      }
      resolve({
        baseUrl: message.baseUrl,
        close: async () => {
          await new Promise<void>((done) => {
            worker.once('message', () => done());
            worker.postMessage({ type: 'close' });
            setTimeout(done, 2000).unref();
          });
          await worker.terminate();
        },
      });
    });
  });
}
