import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../errors.js';
import { shardJobManifests } from '../k8s/index.js';
import { displayStoreUrl, isPostgresUrl } from '../store/index.js';
import { parseStartAt } from './shard-options.js';

export interface K8sCommandArgs {
  /** The suite file (YAML) the shards run. */
  suite: string;
  shards: number;
  image: string;
  /** Store URL without a password; credentials go in a Secret (--secret / --store-secret). */
  store?: string;
  /** Secret with the full store URL under key `url`. */
  storeSecret?: string;
  /** Secrets exposed to the pods as environment variables (API keys, PGPASSWORD). */
  secrets: string[];
  name?: string;
  namespace?: string;
  /** When the shards start their first level (default: 10 minutes from now). */
  startAt?: string;
  seed?: number;
  /** Further `agentperf run` flags for every shard, e.g. "--levels 16,64 --duration 2m". */
  runArgs?: string;
  cpu: string;
  memory: string;
  volumeSize: string;
  storageClass?: string;
  /** Write the YAML here instead of stdout. */
  out?: string;
}

/** Shards need time to be scheduled and to pull the image before they can start together. */
const DEFAULT_LEAD_MS = 10 * 60_000;

/**
 * `agentperf k8s SUITE --shards N --image IMAGE`: prints (or writes) the
 * manifests of a sharded run: the suite as a ConfigMap, a shared volume,
 * an Indexed Job of N shards starting together, and a merge Job. Secrets
 * are referenced by name, never inlined.
 */
export async function k8sCommand(args: K8sCommandArgs): Promise<number> {
  let suiteText: string;
  try {
    suiteText = readFileSync(args.suite, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the suite ${args.suite}: ${(error as Error).message}`,
      'name a suite YAML file',
    );
  }
  if (!/\.ya?ml$/i.test(args.suite))
    throw new UsageError(
      `${args.suite}: the manifests carry a YAML suite in a ConfigMap`,
      'pass agentperf.yaml; TypeScript task modules it names must be in the image',
    );
  if (args.store !== undefined) {
    if (!isPostgresUrl(args.store))
      throw new UsageError(
        `--store ${args.store}: shards on several machines need a shared postgres:// store`,
        'pass a postgres:// URL, or leave --store out (runs stay on the shared volume)',
      );
    if (new URL(args.store).password !== '')
      throw new UsageError(
        `--store ${displayStoreUrl(args.store)} has a password: it would be written into the manifests`,
        'drop it from the URL and put PGPASSWORD in a Secret (--secret NAME), or the whole URL in one (--store-secret NAME)',
      );
  }
  const name = args.name ?? defaultName(args.suite);
  if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(name))
    throw new UsageError(
      `--name "${name}" is not a Kubernetes name`,
      'use lower-case letters, digits and dashes, at most 42 characters',
    );
  const startAt = (parseStartAt(args.startAt) ?? new Date(Date.now() + DEFAULT_LEAD_MS)).toISOString();
  const runArgs = [
    '--quiet',
    ...(args.seed === undefined ? [] : ['--seed', String(args.seed)]),
    ...(args.runArgs === undefined ? [] : args.runArgs.split(/\s+/).filter((word) => word !== '')),
  ];
  const documents = shardJobManifests({
    name,
    ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
    image: args.image,
    shards: args.shards,
    suiteText,
    suiteFileName: basename(args.suite),
    startAt,
    runArgs,
    ...(args.store === undefined ? {} : { storeUrl: args.store }),
    ...(args.storeSecret === undefined ? {} : { storeSecret: args.storeSecret }),
    envSecrets: args.secrets,
    cpu: args.cpu,
    memory: args.memory,
    volumeSize: args.volumeSize,
    ...(args.storageClass === undefined ? {} : { storageClass: args.storageClass }),
  });
  const header = `# agentperf k8s: ${args.shards} shards of ${basename(args.suite)}, first level at ${startAt}.\n# Apply the parts labelled agentperf/part in {suite,runs,shards}; once job/${name}-shards is complete, apply agentperf/part=merge.\n`;
  const yaml = header + documents.map((document) => `---\n${stringify(document, { lineWidth: 0 })}`).join('');
  if (args.out === undefined) process.stdout.write(yaml);
  else {
    writeFileSync(args.out, yaml);
    process.stderr.write(`wrote ${documents.length} manifests to ${args.out}\n`);
  }
  return 0;
}

function defaultName(suite: string): string {
  const stem = basename(suite).replace(/\.ya?ml$/i, '');
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return `agentperf-${slug === '' || slug === 'agentperf' ? 'run' : slug}`.replace(/-+$/, '');
}
