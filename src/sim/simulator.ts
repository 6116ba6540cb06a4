import type { AddressInfo } from 'node:net';
import type { Prices } from '../spec/index.js';
import { createDeployment, type Deployment } from './deployment.js';
import { loadSimFabric } from './fabric-loader.js';
import { createSimHttpServer } from './http/server.js';

/** A running simulator. */
export interface SimulatorHandle {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1. */
  baseUrl: string;
  /** Served model names. */
  models: string[];
  /** How a served model is deployed, or undefined when it is not served. */
  deployment(
    model: string,
  ): { model: string; kind: 'chat' | 'embed' | 'rerank'; placement: string; prices: Prices } | undefined;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** 'builtin:gpu-pool' (default), 'builtin:heterogeneous', or a YAML path. */
  fabric?: string;
  seed?: number;
  /** 0 = any free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Receives every token's lateness (actual minus intended emission time, ms). For the timing bench. */
  onTokenTiming?: (lateMs: number) => void;
}

/** Starts the simulated inference fabric on loopback. Throws ConfigError for a bad fabric. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const fabric = loadSimFabric(options.fabric ?? 'builtin:gpu-pool');
  const seed = options.seed ?? 0;
  const deployments = new Map<string, Deployment>();
  for (const config of fabric.deployments) {
    deployments.set(
      config.name,
      createDeployment(config, {
        seed,
        ...(options.onTokenTiming ? { onTokenTiming: options.onTokenTiming } : {}),
      }),
    );
  }
  const server = createSimHttpServer({ deployments, seed, createdS: Math.floor(Date.now() / 1000) });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    baseUrl: `http://${urlHost}:${address.port}/v1`,
    models: [...deployments.keys()],
    deployment(model) {
      const deployment = deployments.get(model);
      if (!deployment) return undefined;
      return {
        model,
        kind: deployment.kind,
        placement: deployment.config.placement.label,
        prices: deployment.config.prices,
      };
    },
    async close() {
      for (const deployment of deployments.values()) deployment.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
