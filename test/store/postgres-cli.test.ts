import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRunStore } from '../../src/store/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { startBuiltCli } from '../support/cli.js';
import { NO_POSTGRES, freshPostgresDatabase } from '../support/postgres.js';
import { writeLoopbackSuite } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let server: LoopbackServer;
let database: { url: string; drop(): Promise<void> } | null = null;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  startBuiltCli(args, { cwd: dir.path, env: { AGENTPERF_STORE: '', ...env } }).done;

beforeAll(async () => {
  database = await freshPostgresDatabase();
  if (database === null) console.warn(NO_POSTGRES);
  server = await startLoopbackServer({ ttftMs: 2, outputTokens: 3 });
  writeLoopbackSuite(dir.path, 'pg-demo', server.baseUrl, 'levels: [2]\ntasksPerLevel: 6\n');
});

afterAll(async () => {
  await server.close();
  await database?.drop();
  dir.remove();
});

describe('a shared PostgreSQL store, from the CLI', () => {
  it('takes two runs written at once, lists both in history, and never shows the password', async (context) => {
    if (database === null) return context.skip();
    const url = database.url;
    const password = decodeURIComponent(new URL(url).password);
    expect(password.length).toBeGreaterThan(8);
    const [first, second] = await Promise.all([
      cli(['run', 'suite.yaml', '--quiet', '--out', 'a', '--store', url]),
      // The second one finds the store through the environment, as a pod would.
      cli(['run', 'suite.yaml', '--quiet', '--out', 'b'], { AGENTPERF_STORE: url }),
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const history = await cli([
      'history',
      '--include-impaired',
      '--store',
      url,
      '--format',
      'md',
      '--out',
      'history',
    ]);
    expect(history.code, history.stderr).toBe(0);
    const markdown = readFileSync(join(dir.path, 'history', 'history.md'), 'utf8');
    const runIds = ['a', 'b'].map(
      (out) => readdirSync(join(dir.path, out)).find((name) => !name.endsWith('.db'))!,
    );
    expect(markdown).toMatch(/^2 run\(s\), /m);
    const store = await PostgresRunStore.open(url);
    expect((await store.listRuns({ suite: 'pg-demo' })).map((run) => run.runId).sort()).toEqual(
      [...runIds].sort(),
    );
    await store.close();
    // compare reads both runs by id from the store alone.
    const compared = await cli([
      'compare',
      '--include-impaired',
      runIds[0]!,
      runIds[1]!,
      '--store',
      url,
      '--runs',
      'nowhere',
    ]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain('e2e');

    // The password is in no file the runs wrote and no line the CLI printed.
    for (const out of ['a', 'b'])
      for (const file of ['results.json', 'tasks.jsonl', 'report.md'])
        expect(readFileSync(join(dir.path, out, runIds[out === 'a' ? 0 : 1]!, file), 'utf8')).not.toContain(
          password,
        );
    for (const result of [first, second, history, compared])
      expect(result.stdout + result.stderr).not.toContain(password);
  }, 120_000);

  it('names an unreachable server in one line, password masked, exit 3 (a store fault)', async () => {
    const url = 'postgres://agentperf:hunter2-secret-pw@127.0.0.1:1/none';
    const result = await cli(['history', '--store', url]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^agentperf: PostgreSQL store postgres:\/\/agentperf:\*\*\*@127\.0\.0\.1:1\/none: open failed: /,
    );
    expect(result.stderr).not.toContain('hunter2-secret-pw');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
