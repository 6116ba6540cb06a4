import { loadSimFabric, type ResolvedDeployment } from '../sim/index.js';
import type { FleetMember, LevelResult, RunResults } from '../spec/index.js';

/** Hardware cost and energy of one level, beside its token-priced cost. */
export interface LevelEconomics {
  label: string;
  fleetCostPerHourUsd: number | null;
  fleetPowerWatts: number | null;
  /** Fleet rent over the measured window / tasks completed: what the hardware costs per task at this load. */
  hardwareCostPerTaskUsd: number | null;
  hardwareCostPerPassedTaskUsd: number | null;
  /** Fleet power (at TDP: an upper bound) over the measured window / tasks completed. */
  energyPerTaskWh: number | null;
  tasksPerKWh: number | null;
  /** Members whose rent or power is unknown (their share is missing, so the figure is null). */
  missing: string[];
}

interface SavedFabric {
  endpoints?: Record<
    string,
    {
      type?: string;
      fabric?: string;
      hardware?: { replicas?: number; costPerHourUsd?: number; powerWatts?: number };
    }
  >;
  roles?: Record<string, { endpoint?: string; model?: string }>;
}

/**
 * What served a run: its own `fleet` when it has one (what-if predictions),
 * else the deployments behind its roles, read from its saved configuration
 * (simulator fabrics: every replica of each role's deployment; real
 * endpoints: their `hardware` block, when given).
 */
export function fleetOfRun(results: RunResults): FleetMember[] {
  if (results.fleet !== undefined) return results.fleet;
  const fabric = (results.config as { fabric?: SavedFabric } | null)?.fabric;
  const members = new Map<string, FleetMember>();
  const simFabrics = new Map<string, ResolvedDeployment[] | null>();
  for (const binding of Object.values(fabric?.roles ?? {})) {
    const endpointName = binding.endpoint ?? '';
    const endpoint = fabric?.endpoints?.[endpointName];
    if (endpoint === undefined) continue;
    if (endpoint.type === 'simulator') {
      const source = endpoint.fabric ?? 'builtin:gpu-pool';
      if (!simFabrics.has(source)) simFabrics.set(source, tryLoad(source));
      const deployment = simFabrics.get(source)?.find((candidate) => candidate.name === binding.model);
      if (deployment !== undefined)
        members.set(`${endpointName}/${deployment.name}`, fleetMember(deployment));
      continue;
    }
    if (endpoint.hardware !== undefined && !members.has(endpointName)) {
      members.set(endpointName, {
        name: endpointName,
        replicas: endpoint.hardware.replicas ?? 1,
        costPerHourUsd: endpoint.hardware.costPerHourUsd ?? null,
        costSource: endpoint.hardware.costPerHourUsd === undefined ? null : 'user figure (suite file)',
        powerWatts: endpoint.hardware.powerWatts ?? null,
        powerSource: endpoint.hardware.powerWatts === undefined ? null : 'user figure (suite file)',
        simulated: false,
      });
    }
  }
  return [...members.values()];
}

/** A simulator deployment as a fleet member (figures per replica). */
export function fleetMember(deployment: ResolvedDeployment): FleetMember {
  return {
    name: deployment.name,
    replicas: deployment.serving.replicas,
    costPerHourUsd: deployment.economics.costPerHourUsd,
    costSource: deployment.economics.costSource,
    powerWatts: deployment.economics.powerWatts,
    powerSource: deployment.economics.powerSource,
    simulated: true,
  };
}

/** Hardware cost and energy per task of one level, from the fleet and the level's measured window. */
export function levelEconomics(level: LevelResult, fleet: readonly FleetMember[]): LevelEconomics {
  const hours = level.wallS / 3600;
  const sum = (field: 'costPerHourUsd' | 'powerWatts') =>
    fleet.some((member) => member[field] === null)
      ? null
      : fleet.reduce((total, member) => total + member.replicas * member[field]!, 0);
  const rent = fleet.length === 0 ? null : sum('costPerHourUsd');
  const power = fleet.length === 0 ? null : sum('powerWatts');
  const per = (total: number | null, count: number) => (total === null || count === 0 ? null : total / count);
  const energy = per(power === null ? null : power * hours, level.tasksCompleted);
  return {
    label: level.label,
    fleetCostPerHourUsd: rent,
    fleetPowerWatts: power,
    hardwareCostPerTaskUsd: per(rent === null ? null : rent * hours, level.tasksCompleted),
    hardwareCostPerPassedTaskUsd: per(rent === null ? null : rent * hours, level.tasksPassed),
    energyPerTaskWh: energy,
    tasksPerKWh: energy === null || energy === 0 ? null : 1000 / energy,
    missing: fleet
      .filter((member) => member.costPerHourUsd === null || member.powerWatts === null)
      .map((member) => member.name),
  };
}

function tryLoad(source: string): ResolvedDeployment[] | null {
  try {
    return loadSimFabric(source).deployments;
  } catch {
    return null;
  }
}
