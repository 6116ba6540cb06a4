import { startWorker } from '../start-worker.js';
import { AgentperfError, ConfigError, type ConfigIssue } from '../errors.js';
import type { Prices, SimulatorThreadHealth } from '../spec/index.js';

/** A running simulated fabric, as the runner sees it. */
export interface HostedSimulator {
  baseUrl: string;
  models: string[];
  deployment(
    model: string,
  ): { model: string; kind: 'chat' | 'embed' | 'rerank'; placement: string; prices: Prices } | undefined;
  /** What another thread needs to reach this simulator (see attachSimulator). */
  address: SimulatorAddress;
  /** The simulator thread's own health; absent where another thread hosts it. */
  health?: {
    /** Starts a new window (a level). */
    reset(): void;
    /** The window since the last reset; null when the thread did not answer within a second. */
    read(): Promise<SimulatorThreadHealth | null>;
  };
  close(): Promise<void>;
}

/** What the host sends the simulator thread. */
export type SimulatorHostMessage = { type: 'close' } | { type: 'health-reset' } | { type: 'health-read' };

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
  const send = (message: SimulatorHostMessage): void => worker.postMessage(message);
  return {
    ...attached,
    health: {
      reset: () => send({ type: 'health-reset' }),
      read: () =>
        new Promise<SimulatorThreadHealth | null>((resolve) => {
          const timer = setTimeout(() => {
            worker.off('message', answer);
            resolve(null);
          }, 1000);
          const answer = (message: { type: string; health?: SimulatorThreadHealth }): void => {
            if (message.type !== 'health') return;
            clearTimeout(timer);
            worker.off('message', answer);
            resolve(message.health ?? null);
          };
          worker.on('message', answer);
          send({ type: 'health-read' });
        }),
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: { type: string }) => {
          if (message.type === 'closed') resolve();
        });
        setTimeout(resolve, 2000).unref();
      });
      send({ type: 'close' });
      await closed;
      await worker.terminate();
    },
  };
}
