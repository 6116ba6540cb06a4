import { UsageError } from '../errors.js';
import type { RunResults } from '../spec/index.js';

/** A simulator fabric and the model each role uses on it. */
export interface FabricChoice {
  /** Label written into the predicted run (`fabric` field). */
  name: string;
  /** Simulator fabric source: `builtin:<name>` or a YAML path. */
  simulatorFabric: string;
  /** Role → model served by that fabric (roles absent keep the recorded model name). */
  roleModels: Record<string, string>;
}

interface SavedFabric {
  endpoints?: Record<string, { type?: string; fabric?: string }>;
  roles?: Record<string, { endpoint?: string; model?: string }>;
}

/**
 * The simulator fabric a recorded run ran on, read from its saved
 * configuration; null when it did not run on the simulator (or ran on
 * several simulator fabrics at once, which a what-if does not model).
 */
export function recordedFabricChoice(results: RunResults): FabricChoice | null {
  const config = results.config as { fabricName?: string; fabric?: SavedFabric } | null;
  const fabric = config?.fabric;
  if (!fabric?.endpoints || !fabric.roles) return null;
  return choiceOf(config?.fabricName ?? results.fabric, fabric);
}

/**
 * What `--fabric` names: a fabric of the recorded suite (for the bundled
 * suite: sim-heterogeneous, …), else a simulator fabric
 * file or `builtin:<name>`, whose models serve the recorded roles under the
 * same model names unless `models` maps them.
 */
export function chooseFabric(
  source: string,
  models: Record<string, string>,
  /** The recorded suite's own fabrics (by name), when known. */
  suiteFabrics: Record<string, unknown> = {},
): FabricChoice {
  const bundled = suiteFabrics[source] as SavedFabric | undefined;
  if (bundled !== undefined) {
    const choice = choiceOf(source, bundled);
    if (choice === null) throw new UsageError(`fabric ${source} is not simulated`, 'name a simulator fabric');
    return { ...choice, roleModels: { ...choice.roleModels, ...models } };
  }
  if (!source.startsWith('builtin:') && !/\.ya?ml$/i.test(source)) {
    const known = Object.keys(suiteFabrics);
    throw new UsageError(
      `--fabric ${source} is neither a simulator fabric (builtin:NAME or a .yaml file) nor a fabric of the recorded suite`,
      `use builtin:gpu-pool, builtin:heterogeneous, a simulator fabric YAML file${known.length > 0 ? `, or one of ${known.join(', ')}` : ''}`,
    );
  }
  return { name: source, simulatorFabric: source, roleModels: { ...models } };
}

function choiceOf(name: string, fabric: SavedFabric): FabricChoice | null {
  const simulators = new Set<string>();
  const roleModels: Record<string, string> = {};
  for (const [role, binding] of Object.entries(fabric.roles ?? {})) {
    const endpoint = binding.endpoint === undefined ? undefined : fabric.endpoints?.[binding.endpoint];
    if (endpoint?.type !== 'simulator') return null;
    simulators.add(endpoint.fabric ?? 'builtin:gpu-pool');
    if (binding.model !== undefined) roleModels[role] = binding.model;
  }
  if (simulators.size !== 1) return null;
  return { name, simulatorFabric: [...simulators][0]!, roleModels };
}
