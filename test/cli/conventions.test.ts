import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

// The conventions a user brings from other tools, checked through the CLI as it is run.
const dir = tempDir();
let server: LoopbackServer;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);
// Each test spawns the CLI through tsx, several times for some; a loaded two-core machine needs the room.
const SPAWNS_TIMEOUT_MS = 180_000;
/** `${NAME}` as written in a suite file. */
const envRef = (name: string): string => `\${${name}}`;

function taskModule(): string {
  const file = join(dir.path, 'demo-task.ts');
  writeFileSync(
    file,
    `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
  );
  return file;
}

function suite(name: string, endpoint: string, extraFabrics = ''): string {
  return `name: ${name}
tasks:
  - module: ${taskModule()}
    export: demoTask
fabrics:
  local:
    endpoints:
      api: ${endpoint}
    roles:
      worker: { endpoint: api, model: loopback }
${extraFabrics}levels: [1]
tasksPerLevel: 3
`;
}

const priced = (baseUrl: string) =>
  `{ type: openai, baseUrl: "${baseUrl}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }`;

/** A server that only records the Authorization header it was sent and refuses the call. */
async function recordingServer(): Promise<{
  url: string;
  seen: Array<string | undefined>;
  close(): Promise<void>;
}> {
  const seen: Array<string | undefined> = [];
  const http: Server = createServer((request, response) => {
    seen.push(request.headers.authorization);
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"no"}}');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

beforeAll(async () => {
  server = await startLoopbackServer({ ttftMs: 1, outputTokens: 2 });
  writeFileSync(join(dir.path, 'env.yaml'), suite('env-suite', priced(envRef('LOOPBACK_URL'))));
  writeFileSync(join(dir.path, 'plain.yaml'), suite('plain-suite', priced(server.baseUrl)));
});

afterAll(async () => {
  await server.close();
  dir.remove();
});

describe('environment variables in suite files', () => {
  it(
    'takes the value from the environment',
    async () => {
      const result = await runCli(['run', 'env.yaml', '--out', 'runs-env', '--quiet'], {
        cwd: dir.path,
        env: { LOOPBACK_URL: server.baseUrl },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'names an unset variable with its line, exit 2, before running',
    async () => {
      writeFileSync(
        join(dir.path, 'unset.yaml'),
        suite('unset-suite', priced(envRef('AGENTPERF_TEST_NEVER_SET'))),
      );
      const result = await runCli(['run', 'unset.yaml', '--out', 'runs-unset'], { cwd: dir.path });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /unset\.yaml:\d+:\d+: fabrics\.local\.endpoints\.api\.baseUrl: \$\{AGENTPERF_TEST_NEVER_SET\} is not set/,
      );
      // Nothing was measured: no run directory (the store location may be checked first).
      const made = existsSync(join(dir.path, 'runs-unset')) ? readdirSync(join(dir.path, 'runs-unset')) : [];
      expect(made.filter((name) => !name.startsWith('agentperf.db'))).toEqual([]);
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('colour', () => {
  it(
    'FORCE_COLOR colours the end-of-run tables off a terminal; NO_COLOR wins over it',
    async () => {
      const forced = await runCli(['run', 'plain.yaml', '--out', 'runs-color'], {
        cwd: dir.path,
        env: { NO_COLOR: '', FORCE_COLOR: '1' },
      });
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(ANSI);
      const plain = await runCli(['run', 'plain.yaml', '--out', 'runs-color'], {
        cwd: dir.path,
        env: { NO_COLOR: '1', FORCE_COLOR: '1' },
      });
      expect(plain.code).toBe(0);
      expect(plain.stdout).not.toMatch(ANSI);
      expect(plain.stderr).not.toMatch(ANSI);
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('thresholds', () => {
  it(
    'lists every threshold, held ones with ✓ and failed ones with ✗',
    async () => {
      const result = await runCli(
        [
          'run',
          'plain.yaml',
          '--out',
          'runs-thr',
          '--threshold',
          'passRate>=0.5',
          '--threshold',
          'e2e.p95<0.001ms',
        ],
        { cwd: dir.path },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('thresholds (1 of 2 failed)');
      expect(result.stdout).toMatch(/✓ passRate at c1/);
      expect(result.stdout).toMatch(/✗ e2e\.p95 at c1/);
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('--json and runs', () => {
  const out = 'runs-json';
  const runIds: string[] = [];

  beforeAll(async () => {
    for (const seed of ['1', '2']) {
      const result = await runCli(['run', 'plain.yaml', '--out', out, '--seed', seed, '--json'], {
        cwd: dir.path,
      });
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout);
      runIds.push(document.runs[0].results.runId);
      // The human tables went to stderr, leaving stdout one JSON document.
      expect(result.stderr).toContain('by task');
    }
  }, SPAWNS_TIMEOUT_MS);

  it(
    'run --json prints one JSON document with each run and its results',
    async () => {
      expect(runIds).toHaveLength(2);
      expect(runIds[0]).not.toBe(runIds[1]);
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'runs lists the store, filters, and prints JSON with --json',
    async () => {
      const table = await runCli(['runs', '--runs', out], { cwd: dir.path });
      expect(table.code).toBe(0);
      for (const id of runIds) expect(table.stdout).toContain(id);
      expect(table.stdout).toMatch(/c1 \d/);
      const listed = JSON.parse((await runCli(['runs', '--runs', out, '--json'], { cwd: dir.path })).stdout);
      expect(listed.runs.map((run: { runId: string }) => run.runId)).toEqual(runIds);
      expect(listed.runs[0].levels[0].e2eP95Ms).toBeGreaterThan(0);
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'runs --limit keeps the most recent, filters leave out the rest',
    async () => {
      const limited = JSON.parse(
        (await runCli(['runs', '--runs', out, '--json', '--limit', '1'], { cwd: dir.path })).stdout,
      );
      expect(limited.runs.map((run: { runId: string }) => run.runId)).toEqual([runIds[1]]);
      const none = JSON.parse(
        (await runCli(['runs', '--runs', out, '--json', '--fabric', 'elsewhere'], { cwd: dir.path })).stdout,
      );
      expect(none.runs).toEqual([]);
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'runs --since rejects what is not a date, exit 2',
    async () => {
      const bad = await runCli(['runs', '--runs', out, '--since', 'last tuesday-ish'], { cwd: dir.path });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--since takes a date');
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'compare, history and scorecard print one JSON document with --json',
    async () => {
      const compare = await runCli(
        ['compare', '--include-impaired', runIds[0]!, runIds[1]!, '--runs', out, '--json'],
        {
          cwd: dir.path,
        },
      );
      expect(compare.code).toBe(0);
      expect(JSON.parse(compare.stdout)).toHaveProperty('regressions');
      const history = await runCli(['history', '--include-impaired', '--runs', out, '--json'], {
        cwd: dir.path,
      });
      expect(history.code).toBe(0);
      expect(JSON.parse(history.stdout).runs).toHaveLength(2);
      const scorecard = await runCli(
        ['scorecard', '--include-impaired', runIds[0]!, runIds[1]!, '--runs', out, '--json'],
        {
          cwd: dir.path,
        },
      );
      expect(scorecard.code).toBe(0);
      expect(JSON.parse(scorecard.stdout)).toBeTypeOf('object');
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('config discovery', () => {
  it(
    'a bare `run` inside a suite directory runs the suite there, not the bundled demo',
    async () => {
      const suiteDir = join(dir.path, 'discovered');
      mkdirSync(suiteDir);
      writeFileSync(join(suiteDir, 'agentperf.yaml'), suite('discovered-suite', priced(server.baseUrl)));
      const result = await runCli(['run', '--json'], { cwd: suiteDir });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('agentperf.yaml (found in this directory)');
      expect(JSON.parse(result.stdout).runs[0].results.suite).toBe('discovered-suite');
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('OpenAI environment defaults', () => {
  it(
    'an endpoint without baseUrl goes to OPENAI_BASE_URL with OPENAI_API_KEY',
    async () => {
      const recorder = await recordingServer();
      try {
        writeFileSync(join(dir.path, 'default-url.yaml'), suite('default-url', '{ type: openai }'));
        const result = await runCli(['run', 'default-url.yaml', '--out', 'runs-default'], {
          cwd: dir.path,
          env: { OPENAI_BASE_URL: recorder.url, OPENAI_API_KEY: 'sk-test-default-key' },
        });
        expect(result.code).toBe(2);
        expect(recorder.seen[0]).toBe('Bearer sk-test-default-key');
        // The key never reaches the output, even in the failure message.
        expect(result.stderr + result.stdout).not.toContain('sk-test-default-key');
      } finally {
        await recorder.close();
      }
    },
    SPAWNS_TIMEOUT_MS,
  );

  it(
    'an endpoint that names its own baseUrl is not sent OPENAI_API_KEY',
    async () => {
      const recorder = await recordingServer();
      try {
        writeFileSync(
          join(dir.path, 'own-url.yaml'),
          suite('own-url', `{ type: openai, baseUrl: "${recorder.url}" }`),
        );
        const result = await runCli(['run', 'own-url.yaml', '--out', 'runs-own'], {
          cwd: dir.path,
          env: { OPENAI_API_KEY: 'sk-test-other-key' },
        });
        expect(result.code).toBe(2);
        expect(recorder.seen.length).toBeGreaterThan(0);
        expect(recorder.seen[0]).toBeUndefined();
        // The preflight failure names the role and how to fix a wrong capability guess.
        expect(result.stderr).toContain('preflight of role "worker" (fabric "local"');
        expect(result.stderr).toContain('capability: embed');
      } finally {
        await recorder.close();
      }
    },
    SPAWNS_TIMEOUT_MS,
  );
});

describe('several fabrics', () => {
  it(
    'a missing key of the second fabric fails before the first one runs',
    async () => {
      const second = `  remote:
    endpoints:
      api: { type: openai, baseUrl: "${server.baseUrl}", apiKeyEnv: AGENTPERF_TEST_UNSET_KEY }
    roles:
      worker: { endpoint: api, model: loopback }
`;
      writeFileSync(join(dir.path, 'two.yaml'), suite('two-fabrics', priced(server.baseUrl), second));
      const result = await runCli(['run', 'two.yaml', '--fabric', 'all', '--out', 'runs-two'], {
        cwd: dir.path,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('fabrics.remote.endpoints.api.apiKeyEnv');
      expect(result.stderr).toContain('AGENTPERF_TEST_UNSET_KEY');
      const ran = existsSync(join(dir.path, 'runs-two')) ? readdirSync(join(dir.path, 'runs-two')) : [];
      expect(ran.filter((name) => !name.startsWith('agentperf.db'))).toEqual([]);
    },
    SPAWNS_TIMEOUT_MS,
  );
});
