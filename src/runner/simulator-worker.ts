import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sim/index.js';
import type { SimulatorThreadHealth } from '../spec/index.js';
import { LOOP_DELAY_RESOLUTION_MS, loopLagMs } from './harness-monitor.js';
import type { SimulatorHostMessage } from './simulator-host.js';

/**
 * Hosts the simulated fabric in its own thread: its engine timers then never
 * compete with the harness's event loop, whose lag would otherwise leak into
 * the latencies being measured. It watches its own loop too: tokens are sent
 * when its timers fire, so a late timer is a slower fabric than the physics
 * says, and the level must say so.
 */
const { fabric, seed } = workerData as { fabric: string; seed: number };
const delay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
delay.enable();
let busySince = performance.eventLoopUtilization();

function health(): SimulatorThreadHealth {
  return {
    lagP99Ms: loopLagMs(delay.percentile(99)),
    lagMaxMs: loopLagMs(delay.max),
    busyFraction: Math.round(performance.eventLoopUtilization(busySince).utilization * 100) / 100,
  };
}

try {
  const handle = await startSimulator({ fabric, seed, port: 0 });
  const deployments = handle.models
    .map((model) => handle.deployment(model))
    .filter((item) => item !== undefined);
  parentPort?.postMessage({ type: 'ready', baseUrl: handle.baseUrl, models: handle.models, deployments });
  parentPort?.on('message', (message: SimulatorHostMessage) => {
    if (message.type === 'close') {
      delay.disable();
      void handle.close().then(() => parentPort?.postMessage({ type: 'closed' }));
    } else if (message.type === 'health-reset') {
      delay.reset();
      busySince = performance.eventLoopUtilization();
    } else if (message.type === 'health-read') {
      parentPort?.postMessage({ type: 'health', health: health() });
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
