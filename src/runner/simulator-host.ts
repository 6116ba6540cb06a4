import { startWorker } from '../start-worker.js';
import { AgentperfError, ConfigError, type ConfigIssue } from '../errors.js';
import type { Prices } from '../spec/index.js';

/** A running simulated fabric, as the runner sees it. */
export interface HostedSimulator {
  baseUrl: string;
  models: string[];
  deployment(
    model: string,
  ): { model: string; kind: 'chat' | 'embed' | 'rerank'; placement: string; prices: Prices } | undefined;
  /** What another thread needs to reach this simulator (see attachSimulator). */
  address: SimulatorAddress;
  close(): Promise<void>;
}

/**
 * A hosted simulator as plain data: worker threads of a run reach the one
 * simulator thread through it, so every agent hits one simulated fabric.
 */
export interface SimulatorAddress {
  baseUrl: string;
  models: string[];
  deployments: Array<NonNullable<ReturnType<HostedSimulator['deployment']>>>;
}

/** A simulator another thread hosts: used, never closed, by this one. */
export function attachSimulator(address: SimulatorAddress): HostedSimulator {
  const byModel = new Map(address.deployments.map((deployment) => [deployment.model, deployment]));
  return {
    baseUrl: address.baseUrl,
    models: address.models,
    deployment: (model) => byModel.get(model),
    address,
    close: async () => undefined,
  };
}

type Ready = {
  type: 'ready';
  baseUrl: string;
  models: string[];
  deployments: Array<NonNullable<ReturnType<HostedSimulator['deployment']>>>;
};
type Failed = { type: 'failed'; message: string; issues?: ConfigIssue[]; kind?: string };

/** Starts the simulator in a worker thread on a free loopback port. */
export async function hostSimulator(fabric: string, seed: number): Promise<HostedSimulator> {
  const worker = startWorker('simulator-worker', import.meta.url, { workerData: { fabric, seed } });
  const first = await new Promise<Ready | Failed>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (first.type === 'failed') {
    await worker.terminate();
    if (first.kind === 'config' && Array.isArray(first.issues)) throw new ConfigError(first.issues);
    throw new AgentperfError('config', `the simulator could not start: ${first.message}`, {
      hint: 'check the simulator fabric named in the suite',
    });
  }
  const attached = attachSimulator({
    baseUrl: first.baseUrl,
    models: first.models,
    deployments: first.deployments,
  });
  return {
    ...attached,
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        setTimeout(resolve, 2000).unref();
      });
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
