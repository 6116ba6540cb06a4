import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/spec/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { runBuiltCli } from '../support/built-cli.js';
import { tempDir } from '../support/temp-dir.js';

const TIMEOUT_MS = 120_000;

/** Two fabrics of the demo task; `second` is the second fabric's base URL. */
function writeSuite(dir: string, name: string, first: string, second: string): string {
  const taskModule = join(dir, 'demo-task.ts');
  writeFileSync(
    taskModule,
    `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
  );
  const fabric = (url: string) => `
    endpoints:
      api: { type: openai, baseUrl: "${url}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }
    roles:
      worker: { endpoint: api, model: loopback }`;
  writeFileSync(
    join(dir, `${name}.yaml`),
    `name: ${name}
tasks:
  - module: ${taskModule}
    export: demoTask
fabrics:
  alpha:${fabric(first)}
  beta:${fabric(second)}
levels: [1, 2]
tasksPerLevel: 6
`,
  );
  return `${name}.yaml`;
}

function windows(outDir: string): Map<string, [number, number]> {
  const runs = readdirSync(outDir).filter((name) => !name.includes('.db') && !name.includes('-placements.'));
  return new Map(
    runs.map((run) => {
      const results = JSON.parse(readFileSync(join(outDir, run, 'results.json'), 'utf8')) as RunResults;
      expect(results.status).toBe('complete');
      return [results.fabric, [Date.parse(results.startedAt), Date.parse(results.finishedAt)]];
    }),
  );
}

describe('run on several fabrics', () => {
  let one: LoopbackServer;
  let two: LoopbackServer;
  const dir = tempDir();

  beforeAll(async () => {
    // 40 ms a call: each run takes a few seconds, long enough for two at once to overlap.
    one = await startLoopbackServer({
      outputTokens: 2,
      serviceCurve: { servers: 8, serviceMs: 40, queuedServiceMs: 40 },
    });
    two = await startLoopbackServer({
      outputTokens: 2,
      serviceCurve: { servers: 8, serviceMs: 40, queuedServiceMs: 40 },
    });
  });

  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    dir.remove();
  });

  it(
    'runs fabrics with their own endpoints at once, each line labelled with its fabric',
    async () => {
      const file = writeSuite(dir.path, 'apart', one.baseUrl, two.baseUrl);
      const result = await runBuiltCli(['run', file, '--fabric', 'all', '--out', 'together'], {
        cwd: dir.path,
      });
      expect(result.stderr).not.toMatch(/at .*\.[jt]s:\d+/);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^\[alpha\] {3}level c1: started$/m);
      expect(result.stderr).toMatch(/^\[beta\] {3}level c2: \d+ tasks/m);
      const runs = windows(join(dir.path, 'together'));
      const [a, b] = [runs.get('alpha')!, runs.get('beta')!];
      // At once: each started before the other finished.
      expect(a[0]).toBeLessThan(b[1]);
      expect(b[0]).toBeLessThan(a[1]);
      // Both tables are printed, each under its fabric's name.
      expect(result.stdout).toMatch(/^alpha$/m);
      expect(result.stdout).toMatch(/^beta$/m);
    },
    TIMEOUT_MS,
  );

  it(
    'runs them one after another with --sequential, or when they share an endpoint',
    async () => {
      const apart = writeSuite(dir.path, 'apart', one.baseUrl, two.baseUrl);
      const told = await runBuiltCli(['run', apart, '--fabric', 'all', '--sequential', '--out', 'told'], {
        cwd: dir.path,
      });
      expect(told.code).toBe(0);
      expect(told.stderr).not.toContain('[alpha]');
      const shared = writeSuite(dir.path, 'shared', one.baseUrl, one.baseUrl);
      const same = await runBuiltCli(['run', shared, '--fabric', 'all', '--out', 'same'], { cwd: dir.path });
      expect(same.code).toBe(0);
      expect(same.stderr).toContain(
        `fabrics alpha and beta share ${one.baseUrl}: running them one after another`,
      );
      for (const out of ['told', 'same']) {
        const runs = windows(join(dir.path, out));
        const [first, second] = [...runs.values()].sort((x, y) => x[0] - y[0]);
        expect(second![0]).toBeGreaterThanOrEqual(first![1]);
      }
    },
    TIMEOUT_MS,
  );
});
