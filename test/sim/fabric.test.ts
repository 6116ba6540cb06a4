import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { listBuiltinSimFabrics, loadSimFabric, startSimulator } from '../../src/sim/index.js';
import { fabricFile } from './helpers.js';

describe('simulator fabrics', () => {
  it('bundles gpu-pool and heterogeneous, serving the same model names on different hardware', () => {
    expect(listBuiltinSimFabrics()).toEqual(
      expect.arrayContaining(['builtin:gpu-pool', 'builtin:heterogeneous']),
    );
    const pool = loadSimFabric('builtin:gpu-pool');
    const mixed = loadSimFabric('builtin:heterogeneous');
    const names = (fabric: typeof pool) => fabric.deployments.map((deployment) => deployment.name).sort();
    expect(names(pool)).toEqual(names(mixed));
    expect(names(pool)).toEqual(
      expect.arrayContaining(['llama-3.1-8b', 'llama-3.1-70b', 'bge-large-en', 'bge-reranker']),
    );
    expect(new Set(pool.deployments.map((deployment) => deployment.hardwareId))).toEqual(
      new Set(['h100-sxm']),
    );
    expect(new Set(mixed.deployments.map((deployment) => deployment.hardwareId)).size).toBeGreaterThan(1);
    for (const deployment of [...pool.deployments, ...mixed.deployments]) {
      expect(deployment.kvCapacityTokens).toBeGreaterThan(0);
      if (deployment.model.kind === 'chat') expect(deployment.prices.outputPerMTok).toBeGreaterThan(0);
    }
    const small = pool.deployments.find((deployment) => deployment.name === 'llama-3.1-8b')!.behaviour!;
    const large = pool.deployments.find((deployment) => deployment.name === 'llama-3.1-70b')!.behaviour!;
    expect(small.wrongArgumentsRate).toBeGreaterThan(large.wrongArgumentsRate);
    expect(small.wrongAnswerRate).toBeGreaterThan(large.wrongAnswerRate);
  });

  it('reports every problem of a bad fabric file with file and path', async () => {
    const file = fabricFile(`deployments:
  a:
    model: no-such-model
    hardware: h100-sxm
    placement: { label: x }
  b:
    model: llama-3.1-70b-instruct
    hardware: l4
    placement: { label: x }
  c:
    model: llama-3.1-8b-instruct
    hardware: gpu-from-mars
    placement: { label: x }
`);
    const error = (() => {
      try {
        loadSimFabric(file);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((issue) => issue.path)).toEqual([
      'deployments.a.model',
      'deployments.b.serving.tensorParallel',
      'deployments.c.hardware',
    ]);
    expect(issues.every((issue) => issue.file === file)).toBe(true);
    const schemaError = (() => {
      try {
        loadSimFabric(
          fabricFile('deployments:\n  a: { model: 3, hardware: h100-sxm, placement: {}, extra: 1 }\n'),
        );
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(schemaError?.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['deployments.a.model', 'deployments.a.placement.label']),
    );
    await expect(startSimulator({ fabric: 'builtin:nope' })).rejects.toBeInstanceOf(ConfigError);
  });
});
