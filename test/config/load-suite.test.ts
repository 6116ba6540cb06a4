import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuiteFile, resolveRun } from '../../src/config/index.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { demoTask } from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const bundled = async (name: string) => (name === 'demo' ? demoTask : undefined);

function write(name: string, text: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, text);
  return path;
}

async function issuesOf(path: string) {
  try {
    await loadSuiteFile(path, bundled);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected the suite to be rejected');
}

const GOOD = `name: ok
tasks:
  - use: demo
fabrics:
  local:
    endpoints:
      api: { type: openai, baseUrl: "http://127.0.0.1:9/v1" }
    roles:
      worker: { endpoint: api, model: m }
`;

describe('suite files', () => {
  it('loads a valid YAML suite with defaults filled in', async () => {
    const suite = await loadSuiteFile(write('good.yaml', GOOD), bundled);
    expect(suite.tasks.map((task) => task.name)).toEqual(['demo-lookup']);
    expect(suite.config.levels).toEqual([1, 16, 64]);
    expect(suite.config.seed).toBe(1);
    const endpoint = suite.config.fabrics.local!.endpoints.api!;
    expect(endpoint.type === 'openai' && endpoint.retry.maxRetries).toBe(0);
  });

  it('reports every problem at once, each with file, line, path and what was expected', async () => {
    const path = write(
      'bad.yaml',
      `name: bad
tasks:
  - use: nonesuch
fabrics:
  local:
    endpoints:
      api: { type: openai, baseUrl: "not a url" }
    roles:
      worker: { endpoint: missing, model: m }
levels: [1, -4]
seed: many
colour: blue
`,
    );
    const issues = await issuesOf(path);
    const byPath = new Map(issues.map((issue) => [issue.path, issue]));
    expect(byPath.get('levels[1]')?.message).toMatch(/too small|positive|>0/i);
    expect(byPath.get('levels[1]')?.file).toBe(`${path}:10:13`);
    expect(byPath.get('seed')?.message).toMatch(/expected int|expected number/i);
    expect(byPath.get('seed')?.message).toContain('"many"');
    expect(byPath.get('fabrics.local.endpoints.api.baseUrl')?.message).toMatch(/url/i);
    expect(issues.some((issue) => issue.message.includes('"colour"'))).toBe(true);
    expect(issues.length).toBeGreaterThanOrEqual(4);
  });

  it('checks references between parts: unknown endpoint, unknown bundled task, unserved role', async () => {
    const path = write(
      'refs.yaml',
      `name: refs
tasks:
  - use: demo
  - use: nonesuch
fabrics:
  local:
    endpoints:
      api: { type: openai, baseUrl: "http://127.0.0.1:9/v1" }
    roles:
      planner: { endpoint: nope, model: m }
fabric: other
`,
    );
    const issues = await issuesOf(path);
    const text = issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
    expect(text).toContain(
      'fabrics.local.roles.planner.endpoint: no endpoint "nope" in fabric "local"; its endpoints are: api',
    );
    expect(text).toContain('tasks[1].use: no bundled task "nonesuch"');
    expect(text).toContain('fabric: no fabric "other"');
    expect(text).toContain('task "demo-lookup" uses role "worker", which fabric "local" does not serve');
  });

  it('reports YAML syntax errors with their line', async () => {
    const issues = await issuesOf(write('syntax.yaml', 'name: x\ntasks: [\n  - use: demo\n'));
    expect(issues[0]!.message).toMatch(/^YAML syntax/);
    expect(issues[0]!.file).toMatch(/syntax\.yaml:\d+:\d+$/);
  });

  it('loads a TypeScript suite made with defineSuite, with a task module beside it', async () => {
    const taskModule = write(
      'task.ts',
      `import { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};
export const lookup = { ...demoTask, name: 'ts-lookup' };
`,
    );
    const suitePath = write(
      'suite.ts',
      `import { defineSuite } from ${JSON.stringify(join(process.cwd(), 'src/config/index.ts'))};
import { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};
export default defineSuite({
  name: 'ts-suite',
  tasks: [demoTask, { module: './task.ts', export: 'lookup' }],
  fabrics: { local: { endpoints: { api: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1' } }, roles: { worker: { endpoint: 'api', model: 'm' } } } },
  levels: [2],
});
`,
    );
    expect(taskModule).toBeTruthy();
    const suite = await loadSuiteFile(suitePath, bundled);
    expect(suite.tasks.map((task) => task.name)).toEqual(['demo-lookup', 'ts-lookup']);
    expect(suite.config.levels).toEqual([2]);
  });

  it('rejects a task module export that is not a task, naming the missing parts', async () => {
    write('not-task.ts', 'export const task = { name: "x", agent: 3 };\n');
    const path = write(
      'uses-bad-task.yaml',
      GOOD.replace('  - use: demo', '  - module: ./not-task.ts\n    export: task'),
    );
    const issues = await issuesOf(path);
    const paths = issues.map((issue) => issue.path);
    expect(paths).toContain('tasks[0].agent');
    expect(paths).toContain('tasks[0].grade');
    expect(paths).toContain('tasks[0].roles');
  });
});

function hintOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).hint;
  }
  throw new Error('expected a UsageError');
}

describe('command-line overrides', () => {
  it('turns --levels and --rate into closed and open levels, and rejects bad values precisely', async () => {
    const suite = await loadSuiteFile(write('good2.yaml', GOOD), bundled);
    const run = resolveRun(suite, { levels: '1,8', rate: '2.5', tasks: 10 });
    expect(run.levels.map((level) => level.label)).toEqual(['c1', 'c8', 'r2.5']);
    expect(run.levels.map((level) => level.warmupTasks)).toEqual([1, 8, 0]);
    expect(run.levels.every((level) => level.tasks === 10)).toBe(true);
    expect(() => resolveRun(suite, { levels: '1,x' })).toThrow(UsageError);
    expect(() => resolveRun(suite, { levels: '1,x' })).toThrow(/"x" is not a positive whole number/);
    expect(() => resolveRun(suite, { rate: '-1' })).toThrow(/positive number of tasks per second/);
    expect(hintOf(() => resolveRun(suite, { fabric: 'nope' }))).toBe('use one of: local');
    expect(hintOf(() => resolveRun(suite, { duration: 'soon' }))).toMatch(/write e.g. 30s/);
    const timed = resolveRun(suite, { duration: '2m' });
    expect(timed.levels[0]).toMatchObject({ tasks: null, durationS: 120 });
    expect(resolveRun(suite, { full: true }).levels[0]!.tasks).toBe(1000);
  });
});
