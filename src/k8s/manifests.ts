/**
 * Kubernetes manifests for a sharded run: the suite as a ConfigMap, a
 * shared volume for the run directories, an Indexed Job whose pods are the
 * shards (Kubernetes numbers them through JOB_COMPLETION_INDEX) and a merge
 * Job. Plain objects: the caller prints them as YAML documents.
 */

/** Everything the manifests depend on; no secret value, only Secret names. */
export interface ShardJobOptions {
  /** Base name of every object (DNS label). */
  name: string;
  namespace?: string;
  image: string;
  shards: number;
  /** The suite file's text, mounted at /suite/<suiteFileName>. */
  suiteText: string;
  suiteFileName: string;
  /** Agreed start of the first level, ISO 8601. */
  startAt: string;
  /** Extra `agentperf run` arguments every shard gets (e.g. --seed, --levels). */
  runArgs: string[];
  /** A store URL without credentials (they come from a Secret as PG* variables). */
  storeUrl?: string;
  /** Secret holding the whole store URL under the key `url` (AGENTPERF_STORE). */
  storeSecret?: string;
  /** Secrets whose keys become environment variables (API keys, PGPASSWORD). */
  envSecrets: string[];
  cpu: string;
  memory: string;
  /** Size of the shared run volume. */
  volumeSize: string;
  storageClass?: string;
}

const RUNS = '/runs';
const SUITE = '/suite';
/** The image's non-root user (node in the official Node image). */
const USER_ID = 1000;

/** The manifests, in the order they are applied (the merge Job last). */
export function shardJobManifests(options: ShardJobOptions): Array<Record<string, unknown>> {
  const labels = (part: string) => ({
    'app.kubernetes.io/name': 'agentperf',
    'app.kubernetes.io/instance': options.name,
    'agentperf/part': part,
  });
  const metadata = (name: string, part: string) => ({
    name,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    labels: labels(part),
  });
  const suiteMap = `${options.name}-suite`;
  const claim = `${options.name}-runs`;
  const env: Array<Record<string, unknown>> = [
    // Kubernetes sets this itself in an Indexed Job; declared here so $(JOB_COMPLETION_INDEX) expands in args.
    {
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    },
    // The shard count, which Kubernetes does not pass to the pod.
    { name: 'JOB_COMPLETIONS', value: String(options.shards) },
    { name: 'NO_COLOR', value: '1' },
  ];
  if (options.storeSecret !== undefined)
    env.push({
      name: 'AGENTPERF_STORE',
      valueFrom: { secretKeyRef: { name: options.storeSecret, key: 'url' } },
    });
  else if (options.storeUrl !== undefined) env.push({ name: 'AGENTPERF_STORE', value: options.storeUrl });
  const envFrom = options.envSecrets.map((secret) => ({ secretRef: { name: secret } }));
  const container = (name: string, args: string[]) => ({
    name,
    image: options.image,
    args,
    env,
    ...(envFrom.length === 0 ? {} : { envFrom }),
    resources: {
      requests: { cpu: options.cpu, memory: options.memory },
      limits: { cpu: options.cpu, memory: options.memory },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [
      { name: 'suite', mountPath: SUITE, readOnly: true },
      { name: 'runs', mountPath: RUNS },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  });
  const pod = (containers: Array<Record<string, unknown>>) => ({
    restartPolicy: 'Never',
    securityContext: {
      runAsNonRoot: true,
      runAsUser: USER_ID,
      runAsGroup: USER_ID,
      fsGroup: USER_ID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers,
    volumes: [
      { name: 'suite', configMap: { name: suiteMap } },
      { name: 'runs', persistentVolumeClaim: { claimName: claim } },
      { name: 'tmp', emptyDir: {} },
    ],
  });
  const suitePath = `${SUITE}/${options.suiteFileName}`;
  const shardArgs = [
    'run',
    suitePath,
    '--start-at',
    options.startAt,
    // One directory per completion index: a merge can tell a missing shard from a doubled one.
    '--out',
    `${RUNS}/shard-$(JOB_COMPLETION_INDEX)`,
    // With a shared store the shards also meet there before every level, however late a pod starts.
    ...(options.storeUrl !== undefined || options.storeSecret !== undefined ? ['--rendezvous'] : []),
    ...options.runArgs,
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(suiteMap, 'suite'),
      data: { [options.suiteFileName]: options.suiteText },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: metadata(claim, 'runs'),
      spec: {
        // Every shard pod writes its own directory at once: the volume must be shared.
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: options.volumeSize } },
        ...(options.storageClass === undefined ? {} : { storageClassName: options.storageClass }),
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(`${options.name}-shards`, 'shards'),
      spec: {
        completionMode: 'Indexed',
        completions: options.shards,
        parallelism: options.shards,
        // A retried shard would start late and measure alone: rerun the whole Job instead.
        backoffLimit: 0,
        template: { metadata: { labels: labels('shards') }, spec: pod([container('shard', shardArgs)]) },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(`${options.name}-merge`, 'merge'),
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels: labels('merge') },
          spec: pod([
            {
              ...container('merge', []),
              command: ['/bin/sh', '-c'],
              // Each shard directory holds exactly one run: the glob finds them whatever their ids.
              args: [`exec node /app/dist/cli.js merge ${RUNS}/shard-*/*/ --out ${RUNS}/merged`],
            },
          ]),
        },
      },
    },
  ];
}
