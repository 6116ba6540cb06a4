import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sim/index.js';

/**
 * Hosts the simulated fabric in its own thread: its engine timers then never
 * compete with the harness's event loop, whose lag would otherwise leak into
 * the latencies being measured.
 */
const { fabric, seed } = workerData as { fabric: string; seed: number };
try {
  const handle = await startSimulator({ fabric, seed, port: 0 });
  const deployments = handle.models
    .map((model) => handle.deployment(model))
    .filter((item) => item !== undefined);
  parentPort?.postMessage({ type: 'ready', baseUrl: handle.baseUrl, models: handle.models, deployments });
  parentPort?.on('message', (message: { type: string }) => {
    if (message.type === 'close') {
      void handle.close().then(() => parentPort?.postMessage({ type: 'closed' }));
    }
  });
} catch (error) {
  const issues = (error as { issues?: unknown }).issues;
  parentPort?.postMessage({
    type: 'failed',
    message: (error as Error).message,
    issues,
    kind: (error as { kind?: string }).kind,
  });
}
