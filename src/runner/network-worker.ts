import { parentPort } from 'node:worker_threads';
import { type NetworkRelay, startNetworkRelay } from '../sim/index.js';

/**
 * Hosts the network relays of placed tools in their own thread, so the
 * delay they hold bytes for is kept on time whatever the harness's event
 * loop is doing (its lag would otherwise be added to every hop).
 */
type Request =
  | {
      type: 'start';
      id: number;
      target: { host: string; port: number };
      link: { rttMs: number; jitterMs: number; bandwidthMbps?: number };
      seed: number;
    }
  | { type: 'close' };

const relays: NetworkRelay[] = [];
parentPort?.on('message', (message: Request) => {
  if (message.type === 'start') {
    startNetworkRelay(message.target, message.link, message.seed).then(
      (relay) => {
        relays.push(relay);
        parentPort?.postMessage({ type: 'started', id: message.id, host: relay.host, port: relay.port });
      },
      (error: Error) => parentPort?.postMessage({ type: 'failed', id: message.id, message: error.message }),
    );
  } else {
    void Promise.allSettled(relays.map((relay) => relay.close())).then(() =>
      parentPort?.postMessage({ type: 'closed' }),
    );
  }
});
