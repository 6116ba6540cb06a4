import type { Worker } from 'node:worker_threads';
import type { NetworkLink } from '../config/index.js';
import { startWorker } from '../start-worker.js';

/** The thread that holds every network relay of a run. */
export interface NetworkThread {
  /** Starts a relay in front of `target`; resolves with where to connect instead. */
  relay(
    target: { host: string; port: number },
    link: NetworkLink,
    seed: number,
  ): Promise<{ host: string; port: number }>;
  close(): Promise<void>;
}

type Reply =
  | { type: 'started'; id: number; host: string; port: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed' };

/** Starts the network thread (network-worker.ts). */
export function startNetworkThread(): NetworkThread {
  const worker: Worker = startWorker('network-worker', import.meta.url);
  const pending = new Map<
    number,
    { resolve(address: { host: string; port: number }): void; reject(error: Error): void }
  >();
  let nextId = 0;
  let closed: (() => void) | null = null;
  worker.on('message', (reply: Reply) => {
    if (reply.type === 'closed') {
      closed?.();
      return;
    }
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.type === 'started') waiter?.resolve({ host: reply.host, port: reply.port });
    else waiter?.reject(new Error(reply.message));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  return {
    relay(target, link, seed) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: 'start', id, target, link, seed });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ type: 'close' });
        setTimeout(resolve, 2000).unref();
      });
      await worker.terminate();
    },
  };
}
