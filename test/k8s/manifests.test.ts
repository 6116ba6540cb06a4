import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IJob, Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, type IConfigMap, PersistentVolumeClaim } from 'kubernetes-models/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startBuiltCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
const cli = (args: string[]) => startBuiltCli(args, { cwd: dir.path }).done;

/** Validates one object against the Kubernetes API schema of its kind; throws on the first violation. */
function validate(document: Record<string, unknown>): void {
  const models: Record<string, new (data: never) => { validate(): void }> = {
    ConfigMap: ConfigMap as never,
    PersistentVolumeClaim: PersistentVolumeClaim as never,
    Job: Job as never,
  };
  const Model = models[document.kind as string];
  if (Model === undefined) throw new Error(`unexpected kind ${String(document.kind)}`);
  new Model(document as never).validate();
}

describe('agentperf k8s', () => {
  it('writes manifests that validate against the Kubernetes API schema, secrets by name only', async () => {
    const suite = 'name: bench\ntasks: [support]\nlevels: [16]\n';
    writeFileSync(join(dir.path, 'agentperf.yaml'), suite);
    const result = await cli([
      'k8s',
      'agentperf.yaml',
      '--shards',
      '4',
      '--image',
      'registry.example/agentperf:0.1.0',
      '--store',
      'postgres://agentperf@db.bench.svc:5432/agentperf',
      '--secret',
      'pg-credentials',
      '--seed',
      '42',
      '--start-at',
      '2026-12-01T12:00:00Z',
      '--run-args=--duration 2m',
      '--out',
      'manifests.yaml',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(join(dir.path, 'manifests.yaml'), 'utf8');
    const documents = parseAllDocuments(text).map((document) => document.toJS() as Record<string, unknown>);
    expect(documents.map((document) => document.kind)).toEqual([
      'ConfigMap',
      'PersistentVolumeClaim',
      'Job',
      'Job',
    ]);
    for (const document of documents) expect(() => validate(document)).not.toThrow();

    const configMap = documents[0] as unknown as IConfigMap;
    const shards = documents[2] as unknown as IJob;
    const merge = documents[3] as unknown as IJob;
    expect(configMap.data?.['agentperf.yaml']).toBe(suite);
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 });
    const container = shards.spec!.template.spec!.containers[0]!;
    expect(container.args).toEqual([
      'run',
      '/suite/agentperf.yaml',
      '--start-at',
      '2026-12-01T12:00:00.000Z',
      '--out',
      '/runs/shard-$(JOB_COMPLETION_INDEX)',
      '--rendezvous',
      '--quiet',
      '--seed',
      '42',
      '--duration',
      '2m',
    ]);
    expect(container.env).toContainEqual({ name: 'JOB_COMPLETIONS', value: '4' });
    expect(container.env).toContainEqual({
      name: 'AGENTPERF_STORE',
      value: 'postgres://agentperf@db.bench.svc:5432/agentperf',
    });
    expect(container.envFrom).toEqual([{ secretRef: { name: 'pg-credentials' } }]);
    expect(shards.spec!.template.spec!.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
    });
    expect(merge.spec!.template.spec!.containers[0]!.args![0]).toMatch(
      /merge \/runs\/shard-\*\/\*\/ --out \/runs\/merged/,
    );
  });

  it('the schema check has teeth: a malformed Job is rejected', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x' },
      spec: { completionMode: 'Indexed', completions: 'four', template: { spec: { containers: [] } } },
    };
    expect(() => validate(job)).toThrow(/completions/);
  });

  it('refuses a store URL with a password: it would be written into the manifests', async () => {
    const result = await cli([
      'k8s',
      'agentperf.yaml',
      '--shards',
      '2',
      '--image',
      'img',
      '--store',
      'postgres://agentperf:s3cret-pass-word@db:5432/x',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^agentperf: --store postgres:\/\/agentperf:\*\*\*@db:5432\/x has a password/,
    );
    expect(result.stderr + result.stdout).not.toContain('s3cret-pass-word');
  });
});
