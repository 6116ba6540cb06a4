import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { runCli, startCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let server: LoopbackServer;
let slow: LoopbackServer;

function suiteYaml(baseUrl: string, extra = ''): string {
  const taskModule = join(dir.path, 'demo-task.ts');
  writeFileSync(
    taskModule,
    `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
  );
  return `name: cli-demo
tasks:
  - module: ${taskModule}
    export: demoTask
fabrics:
  local:
    endpoints:
      api: { type: openai, baseUrl: "${baseUrl}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }
    roles:
      worker: { endpoint: api, model: loopback }
levels: [2]
tasksPerLevel: 6
${extra}`;
}

beforeAll(async () => {
  server = await startLoopbackServer({ ttftMs: 1, outputTokens: 2 });
  slow = await startLoopbackServer({ ttftMs: 80, outputTokens: 2 });
  writeFileSync(join(dir.path, 'fast.yaml'), suiteYaml(server.baseUrl));
  writeFileSync(
    join(dir.path, 'slow.yaml'),
    suiteYaml(slow.baseUrl).replace('tasksPerLevel: 6', 'tasksPerLevel: 500'),
  );
});

afterAll(async () => {
  await server.close();
  await slow.close();
  dir.remove();
});

describe('exit codes', () => {
  // From source with the default --workers (2 threads on a 2-core machine, each loading src through tsx): slow to start under load.
  it('exits 0 when every threshold holds, and writes the run directory', async () => {
    const result = await runCli(['run', 'fast.yaml', '--threshold', 'passRate>=0.99', '--out', 'runs'], {
      cwd: dir.path,
    });
    expect(result.stderr).not.toContain('threshold failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('results:');
  }, 90_000);

  // From source with the default --workers (2 threads on a 2-core machine, each loading src through tsx): slow to start under load.
  it('exits 1 and lists the failed threshold', async () => {
    const result = await runCli(
      ['run', 'fast.yaml', '--threshold', 'e2e.p95<0.001ms', '--quiet', '--out', 'runs'],
      { cwd: dir.path },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/threshold failed: .*e2e\.p95/);
  }, 90_000);

  it('exits 2 with a one-line reason for a bad threshold, before measuring anything', async () => {
    const result = await runCli(['run', 'fast.yaml', '--threshold', 'e2e.p95 <<< soon', '--out', 'runs2'], {
      cwd: dir.path,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^agentperf: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir.path, 'runs2'))).toBe(false);
  });

  it('exits 2 for a bad suite file, naming each problem', async () => {
    writeFileSync(join(dir.path, 'bad.yaml'), 'name: bad\ntasks: []\nfabrics: {}\nlevels: [0]\n');
    const result = await runCli(['run', 'bad.yaml'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml:2:8: tasks:');
    expect(result.stderr).toContain('bad.yaml:4:10: levels[0]:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for unknown flags and bad flag values', async () => {
    expect((await runCli(['run', '--nonsense'])).code).toBe(2);
    const badTasks = await runCli(['run', 'fast.yaml', '--tasks', 'many'], { cwd: dir.path });
    expect(badTasks.code).toBe(2);
    expect(badTasks.stderr).toContain('--tasks takes a positive whole number');
  });

  it('exits 2 naming the endpoint when it does not answer the preflight', async () => {
    writeFileSync(join(dir.path, 'down.yaml'), suiteYaml('http://127.0.0.1:9/v1'));
    const result = await runCli(['run', 'down.yaml', '--out', 'runs3'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"api"');
  });
});

describe('Ctrl-C', () => {
  // From source with the default --workers (2 threads on a 2-core machine, each loading src through tsx): slow to start under load.
  it('stops gracefully: finished tasks are kept and the run is marked partial', async () => {
    const out = join(dir.path, 'interrupted');
    const { child, done } = startCli(['run', 'slow.yaml', '--out', out], { cwd: dir.path });
    // Wait until some tasks have finished, then interrupt.
    const deadline = Date.now() + 60_000;
    let tasksFile: string | null = null;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const runDir = existsSync(out)
        ? readdirSync(out).find((name: string) => !name.endsWith('.db') && !name.includes('.db-'))
        : undefined;
      if (runDir) {
        tasksFile = join(out, runDir, 'tasks.jsonl');
        if (existsSync(tasksFile) && readFileSync(tasksFile, 'utf8').split('\n').filter(Boolean).length >= 4)
          break;
      }
    }
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('stopping');
    const runDir = join(tasksFile!, '..');
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    expect(results.status).toBe('partial');
    const kept = readFileSync(join(runDir, 'tasks.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept.length).toBeLessThan(502);
    expect(results.levels[0].partial).toBe(true);
    const store = new SqliteRunStore(join(out, 'agentperf.db'));
    try {
      const [stored] = store.listRuns();
      expect(stored?.status).toBe('partial');
      expect(store.loadTasks(stored!.runId)).toHaveLength(kept.length);
    } finally {
      store.close();
    }
  }, 90_000);
});
