import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { yamlValue } from '../config/yaml-value.js';
import type { z } from 'zod';
import type { Prices } from '../spec/index.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { type DeploymentConfig, type Faults, type Serving, simFabricSchema } from './fabric-schema.js';
import { BUILTIN_HARDWARE } from './profiles/builtin-hardware.js';
import { BUILTIN_MODELS } from './profiles/builtin-models.js';
import { DEVICE_ECONOMICS } from './profiles/hardware-economics.js';
import {
  type Behaviour,
  type HardwareProfile,
  type ModelProfile,
  behaviourSchema,
  hardwareProfileSchema,
  modelProfileSchema,
} from './profiles/schemas.js';
import { kvCapacityTokens } from './roofline.js';

/** One served model name, with every profile resolved. */
export interface ResolvedDeployment {
  name: string;
  modelId: string;
  model: ModelProfile;
  hardwareId: string;
  hardware: HardwareProfile;
  serving: Serving;
  placement: { label: string; rttMs: number };
  prices: Prices;
  /** Chat models only. */
  behaviour: Behaviour | undefined;
  faults: Faults | undefined;
  /** Rent and power of one replica (all its devices), with where each figure comes from. */
  economics: ReplicaEconomics;
  /** KV cache capacity of one replica, tokens. */
  kvCapacityTokens: number;
}

/** Hardware cost and power of one replica; null where no figure is known. */
export interface ReplicaEconomics {
  costPerHourUsd: number | null;
  costSource: string | null;
  powerWatts: number | null;
  powerSource: string | null;
}

export interface ResolvedSimFabric {
  name: string;
  description: string;
  deployments: ResolvedDeployment[];
}

const BUILTIN_PREFIX = 'builtin:';
const fabricsDir = fileURLToPath(new URL('./fabrics/', import.meta.url));

/** Names of the bundled simulator fabrics, as `builtin:<name>`. */
export function listBuiltinSimFabrics(): string[] {
  return readdirSync(fabricsDir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => BUILTIN_PREFIX + name.slice(0, -'.yaml'.length))
    .sort();
}

/** Loads and validates a simulator fabric: `builtin:<name>` or a YAML path. Throws ConfigError listing every problem. */
export function loadSimFabric(source: string): ResolvedSimFabric {
  let file = source;
  let name = source;
  if (source.startsWith(BUILTIN_PREFIX)) {
    name = source.slice(BUILTIN_PREFIX.length);
    if (!listBuiltinSimFabrics().includes(source)) {
      throw new ConfigError(
        [{ file: source, path: '', message: `no bundled simulator fabric named "${name}"` }],
        `use one of: ${listBuiltinSimFabrics().join(', ')}`,
      );
    }
    file = `${fabricsDir}${name}.yaml`;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, path: '', message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return parseSimFabric(text, file, name);
}

/** Validates fabric YAML text; `file` names it in errors. */
export function parseSimFabric(text: string, file: string, name = file): ResolvedSimFabric {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({ file, path: '', message: `YAML: ${error.message}` })),
    );
  }
  const parsed = simFabricSchema.safeParse(yamlValue(document, file));
  if (!parsed.success) throw new ConfigError(zodIssues(parsed.error, file));
  const config = parsed.data;
  const issues: ConfigIssue[] = [];
  const models = { ...parseBuiltins(BUILTIN_MODELS, modelProfileSchema), ...config.models };
  const hardware = { ...parseBuiltins(BUILTIN_HARDWARE, hardwareProfileSchema), ...config.hardware };
  const deployments: ResolvedDeployment[] = [];
  for (const [deploymentName, deployment] of Object.entries(config.deployments)) {
    const resolved = resolveDeployment(deploymentName, deployment, models, hardware, file, issues);
    if (resolved) deployments.push(resolved);
  }
  if (deployments.length === 0 && issues.length === 0) {
    issues.push({ file, path: 'deployments', message: 'at least one deployment is required' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { name, description: config.description ?? '', deployments };
}

function resolveDeployment(
  name: string,
  deployment: DeploymentConfig,
  models: Record<string, ModelProfile>,
  hardware: Record<string, HardwareProfile>,
  file: string,
  issues: ConfigIssue[],
): ResolvedDeployment | undefined {
  const path = `deployments.${name}`;
  const model = models[deployment.model];
  const device = hardware[deployment.hardware];
  if (!model) {
    issues.push({
      file,
      path: `${path}.model`,
      message: `unknown model profile "${deployment.model}" (known: ${Object.keys(models).join(', ')})`,
    });
  }
  if (!device) {
    issues.push({
      file,
      path: `${path}.hardware`,
      message: `unknown hardware profile "${deployment.hardware}" (known: ${Object.keys(hardware).join(', ')})`,
    });
  }
  if (!model || !device) return undefined;
  const serving = deployment.serving;
  const capacity =
    serving.kvCacheTokens ??
    kvCapacityTokens(model, device, serving.tensorParallel, serving.memoryUtilization);
  if (capacity < 1) {
    const weightsGb = ((model.parameters * model.bytesPerWeight) / 1e9).toFixed(1);
    issues.push({
      file,
      path: `${path}.serving.tensorParallel`,
      message: `${weightsGb} GB of weights do not fit on ${serving.tensorParallel} x ${device.displayName}; raise tensorParallel`,
    });
    return undefined;
  }
  let behaviour: Behaviour | undefined;
  if (model.kind === 'chat') {
    const merged = behaviourSchema.safeParse({ ...model.behaviour, ...deployment.behaviour });
    if (!merged.success) {
      issues.push({
        file,
        path: `${path}.behaviour`,
        message: `a chat model needs a complete behaviour: ${merged.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      });
      return undefined;
    }
    behaviour = merged.data;
  }
  return {
    name,
    modelId: deployment.model,
    model,
    hardwareId: deployment.hardware,
    hardware: device,
    serving,
    placement: deployment.placement,
    prices: deployment.prices ?? {},
    behaviour,
    faults: deployment.faults,
    economics: replicaEconomics(deployment, serving.tensorParallel),
    kvCapacityTokens: capacity,
  };
}

/** A deployment's own figures win; otherwise the bundled device figures times the devices of a replica. */
function replicaEconomics(deployment: DeploymentConfig, devices: number): ReplicaEconomics {
  const device = DEVICE_ECONOMICS[deployment.hardware];
  const own = deployment.economics;
  const scaled = (value: number | undefined) => (value === undefined ? null : value * devices);
  const per = devices > 1 ? ` × ${devices} devices` : '';
  return {
    costPerHourUsd: own?.costPerHourUsd ?? scaled(device?.costPerHourUsd),
    costSource:
      own?.costPerHourUsd !== undefined
        ? 'user figure (fabric file)'
        : device?.costSource === undefined
          ? null
          : `profile figure: ${device.costSource}${per}`,
    powerWatts: own?.powerWatts ?? scaled(device?.powerWatts),
    powerSource:
      own?.powerWatts !== undefined
        ? 'user figure (fabric file)'
        : device === undefined
          ? null
          : `profile figure: ${device.powerSource}${per}`,
  };
}

function parseBuiltins<T>(table: Record<string, unknown>, schema: z.ZodType<T>): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(table)) result[key] = schema.parse(value);
  return result;
}

function zodIssues(error: z.ZodError, file: string): ConfigIssue[] {
  return error.issues.map((issue) => ({
    file,
    path: issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))
      .join('.')
      .replace(/\.\[/g, '['),
    message: issue.message,
  }));
}
