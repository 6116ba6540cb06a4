import type { RoleRoute } from '../context/index.js';
import type { EndpointConfig, FabricConfig, RoleBinding } from '../config/index.js';
import { createEndpoint, costOf, resolvePrices } from '../endpoints/index.js';
import { AgentperfError, ConfigError, type ConfigIssue } from '../errors.js';
import { registerSecret } from '../redact.js';
import { worstSimulatorHealth } from './harness-monitor.js';
import type { Clock, EndpointAdapter, Prices, SimulatorThreadHealth } from '../spec/index.js';
import {
  type HostedSimulator,
  type SimulatorAddress,
  attachSimulator,
  hostSimulator,
} from './simulator-host.js';

/** The endpoints of one fabric, connected, and which serves each role. */
export interface FabricConnection {
  routes: Map<string, RoleRoute>;
  simulated: boolean;
  /** Roles whose model has no known price (cost shows as unpriced). */
  unpricedRoles: string[];
  /** What each role is used for (chat, embed or rerank). */
  capabilities: ReadonlyMap<string, 'chat' | 'embed' | 'rerank'>;
  /** The simulators this connection uses, by key: worker threads attach to them (connectFabric's `simulators`). */
  simulators: ReadonlyMap<string, SimulatorAddress>;
  /**
   * The health of the simulator threads this connection hosts over a window
   * (a level): the worst thread's figures; null when it hosts none.
   */
  simulatorHealth: {
    reset(): void;
    read(): Promise<SimulatorThreadHealth | null>;
  };
  preflight(clock: Clock, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects a fabric: starts simulators (each in its own thread), creates an
 * adapter per endpoint, resolves prices per role once, and checks that
 * every simulated model exists before anything runs.
 */
export async function connectFabric(
  fabricName: string,
  fabric: FabricConfig,
  options: {
    seed: number;
    env: NodeJS.ProcessEnv;
    suiteFile: string;
    /** Simulators another thread already hosts (a run's worker threads): attached, not started. */
    simulators?: ReadonlyMap<string, SimulatorAddress>;
  },
): Promise<FabricConnection> {
  const simulators = new Map<string, HostedSimulator>();
  const adapters = new Map<string, EndpointAdapter>();
  const routes = new Map<string, RoleRoute>();
  const issues: ConfigIssue[] = [];
  const capabilities = new Map<string, 'chat' | 'embed' | 'rerank'>();
  const unpricedRoles: string[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.allSettled([...adapters.values()].map((adapter) => adapter.close()));
    await Promise.allSettled([...simulators.values()].map((simulator) => simulator.close()));
  };
  try {
    for (const [role, binding] of Object.entries(fabric.roles)) {
      const endpoint = fabric.endpoints[binding.endpoint]!;
      let simulator: HostedSimulator | undefined;
      if (endpoint.type === 'simulator') {
        const key = `${endpoint.fabric}#${endpoint.seed ?? options.seed}`;
        simulator = simulators.get(key);
        if (simulator === undefined) {
          const hosted = options.simulators?.get(key);
          simulator =
            hosted === undefined
              ? await hostSimulator(endpoint.fabric, endpoint.seed ?? options.seed)
              : attachSimulator(hosted);
          simulators.set(key, simulator);
        }
        if (!simulator.models.includes(binding.model)) {
          issues.push({
            file: options.suiteFile,
            path: `fabrics.${fabricName}.roles.${role}.model`,
            message: `the simulator fabric "${endpoint.fabric}" has no model "${binding.model}"; it serves: ${simulator.models.join(', ')}`,
          });
          continue;
        }
      }
      let adapter = adapters.get(binding.endpoint);
      if (adapter === undefined) {
        // Known before any call, so no message can ever carry the key.
        if ('apiKeyEnv' in endpoint && endpoint.apiKeyEnv !== undefined)
          registerSecret(options.env[endpoint.apiKeyEnv]);
        const sim = simulator;
        adapter = createEndpoint(binding.endpoint, endpoint, {
          env: options.env,
          ...(sim === undefined
            ? {}
            : {
                simulator: {
                  baseUrl: sim.baseUrl,
                  placementOf: (model: string) => sim.deployment(model)?.placement ?? 'simulated',
                },
              }),
        });
        adapters.set(binding.endpoint, adapter);
      }
      const prices = pricesFor(binding, endpoint, simulator);
      if (prices === null) unpricedRoles.push(role);
      capabilities.set(role, capabilityOf(binding, endpoint, simulator));
      routes.set(role, {
        role,
        endpointName: binding.endpoint,
        adapter,
        model: binding.model,
        placement: adapter.placementOf(binding.model),
        simulated: adapter.simulated,
        cost: (usage, calls) => costOf(usage, prices, calls),
      });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  if (issues.length > 0) {
    await closeAll();
    throw new ConfigError(issues);
  }
  return {
    routes,
    simulated: [...routes.values()].some((route) => route.simulated),
    unpricedRoles,
    capabilities,
    simulators: new Map([...simulators].map(([key, simulator]) => [key, simulator.address])),
    simulatorHealth: {
      reset: () => {
        for (const simulator of simulators.values()) simulator.health?.reset();
      },
      read: async () => {
        const read = await Promise.all([...simulators.values()].map((simulator) => simulator.health?.read()));
        return worstSimulatorHealth(read.filter((health): health is SimulatorThreadHealth => health != null));
      },
    },
    preflight: async (clock, signal) => {
      await Promise.all(
        [...routes.values()].map(async (route) => {
          const capability = capabilities.get(route.role) ?? 'chat';
          try {
            await route.adapter.preflight?.(route.model, capability, {
              clock,
              ...(signal ? { signal } : {}),
            });
          } catch (error) {
            throw preflightFailure(error, fabricName, route, capability, fabric.roles[route.role]);
          }
        }),
      );
    },
    close: closeAll,
  };
}

/**
 * A failed preflight named by what the user wrote: the role and fabric
 * first, then the endpoint's own error; and, where the capability was
 * guessed from the model name, the `capability:` line that fixes a wrong guess.
 */
function preflightFailure(
  error: unknown,
  fabricName: string,
  route: RoleRoute,
  capability: 'chat' | 'embed' | 'rerank',
  binding: RoleBinding | undefined,
): unknown {
  if (!AgentperfError.is(error) || error.kind !== 'api-call') return error;
  const where = `fabrics.${fabricName}.roles.${route.role}`;
  const guessed = binding?.capability === undefined;
  const hint = guessed
    ? `role "${route.role}" was checked as a ${capability} model (guessed from its name); if it serves embeddings or reranking, set \`capability: embed\` (or rerank) at ${where}; otherwise check the endpoint's baseUrl, model and key`
    : `check ${where} (model "${route.model}") and endpoint "${route.endpointName}": its baseUrl, model and key`;
  return new AgentperfError(
    'api-call',
    `preflight of role "${route.role}" (fabric "${fabricName}", ${capability} on endpoint "${route.endpointName}") failed: ${error.message}`,
    { hint, cause: error },
  );
}

function pricesFor(
  binding: RoleBinding,
  endpoint: EndpointConfig,
  simulator: HostedSimulator | undefined,
): Prices | null {
  if (binding.prices !== undefined) return binding.prices;
  if (simulator !== undefined)
    return endpoint.prices?.[binding.model] ?? simulator.deployment(binding.model)?.prices ?? null;
  return resolvePrices(binding.model, endpoint.prices);
}

function capabilityOf(
  binding: RoleBinding,
  endpoint: EndpointConfig,
  simulator: HostedSimulator | undefined,
): 'chat' | 'embed' | 'rerank' {
  if (binding.capability !== undefined) return binding.capability;
  if (endpoint.type === 'rerank') return 'rerank';
  const kind = simulator?.deployment(binding.model)?.kind;
  if (kind !== undefined) return kind;
  return /embed/i.test(binding.model) ? 'embed' : 'chat';
}
