import { describe, expect, it } from 'vitest';
import { type ChatDeployment, createDeployment, loadSimFabric, VirtualClock } from '../../src/sim/index.js';

const SYSTEM = [{ hash: 'system-prompt', tokens: 320 }];

/** The bundled GPU pool's 8B (two replicas) on virtual time, with one request's prefix already cached on replica 0. */
async function warmDeployment(beta: number): Promise<{ deployment: ChatDeployment; clock: VirtualClock }> {
  const config = loadSimFabric('builtin:gpu-pool').deployments.find(
    (deployment) => deployment.name === 'llama-3.1-8b',
  )!;
  expect(config.serving.replicas).toBe(2);
  const clock = new VirtualClock();
  const deployment = createDeployment(
    { ...config, serving: { ...config.serving, jitter: 0, routerLoadBeta: beta } },
    { seed: 3, clock },
  ) as ChatDeployment;
  await new Promise<void>((resolve) => {
    const { replica } = submit(deployment, resolve);
    expect(deployment.replicas.indexOf(replica)).toBe(0);
    clock.run();
  });
  return { deployment, clock };
}

function submit(deployment: ChatDeployment, onFinish: () => void = () => undefined) {
  return deployment.submit({
    promptTokens: 350,
    promptBoundaries: SYSTEM,
    completionBoundaries: [],
    outputTokens: 20,
    onToken() {},
    onFinish,
  });
}

describe('the simulated router in front of replicas', () => {
  it('sends a lone request to the replica holding its prefix', async () => {
    const { deployment } = await warmDeployment(1);
    expect(deployment.replicas.indexOf(submit(deployment).replica)).toBe(0);
    deployment.stop();
  });

  it('spills a burst sharing a cached prefix to the idle replica (load-aware, beta 1)', async () => {
    const { deployment } = await warmDeployment(1);
    const chosen = Array.from({ length: 16 }, () => deployment.replicas.indexOf(submit(deployment).replica));
    const onFirst = chosen.filter((index) => index === 0).length;
    // The cache holder takes more of the burst, but not all of it: the idle replica shares the load.
    expect(onFirst).toBeGreaterThan(8);
    expect(onFirst).toBeLessThan(16);
    deployment.stop();
  });

  it('with beta 0 (cache-only placement) sends the whole burst to the cache holder', async () => {
    const { deployment } = await warmDeployment(0);
    const chosen = Array.from({ length: 16 }, () => deployment.replicas.indexOf(submit(deployment).replica));
    expect(chosen.every((index) => index === 0)).toBe(true);
    deployment.stop();
  });
});
