import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { initCommand } from '../../src/commands/init.js';
import type { TaskDefinition } from '../../src/spec/index.js';
import { runScripted, withAnswer } from './scripted-context.js';

const made: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'agentperf-init-'));
  made.push(dir);
  return dir;
}

describe('agentperf init', () => {
  it('writes a suite file of the validated shape and a task module', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const dir = path.join(await tempDir(), 'My Suite');
    expect(await initCommand({ dir })).toBe(0);
    const suite = parse(await readFile(path.join(dir, 'agentperf.yaml'), 'utf8'));
    expect(suite).toEqual({
      name: 'my-suite',
      tasks: [{ module: './task.ts' }],
      fabrics: {
        sim: {
          endpoints: { sim: { type: 'simulator', fabric: 'builtin:gpu-pool' } },
          roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } },
        },
      },
      levels: [1, 4],
    });
    const module = await readFile(path.join(dir, 'task.ts'), 'utf8');
    expect(module).toContain("import { defineTask } from 'agentperf/task';");
    expect(module).toContain('export default defineTask(');
  });

  it('refuses to overwrite without force, overwrites with it', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dir = await tempDir();
    await writeFile(path.join(dir, 'task.ts'), '// mine');
    expect(await initCommand({ dir })).toBe(2);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/already exists; use --force/);
    expect(await readFile(path.join(dir, 'task.ts'), 'utf8')).toBe('// mine');
    expect(await initCommand({ dir, force: true })).toBe(0);
    expect(await readFile(path.join(dir, 'task.ts'), 'utf8')).toContain('defineTask');
  });

  it('the generated task works: its grader passes its reference and fails a wrong answer', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const dir = await tempDir();
    await initCommand({ dir });
    // Stand in for the package import so the generated module loads from a temp dir.
    const source = (await readFile(path.join(dir, 'task.ts'), 'utf8')).replace(
      "import { defineTask } from 'agentperf/task';",
      'const defineTask = <T>(task: T): T => task;',
    );
    const modulePath = path.join(dir, 'task-under-test.ts');
    await writeFile(modulePath, source);
    const task = (await import(modulePath)).default as TaskDefinition<
      { id: string },
      undefined,
      unknown,
      undefined
    >;
    const cases = typeof task.cases === 'function' ? await task.cases(42) : task.cases;
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const theCase = cases[0];
    if (theCase === undefined) throw new Error('no case');
    expect((await runScripted(task, theCase, undefined)).grade.passed).toBe(true);
    const reference = task.reference?.(theCase) ?? {};
    const wrong = withAnswer(reference, 'main', 'There are 1234567 items left.');
    expect((await runScripted(task, theCase, undefined, wrong)).grade.passed).toBe(false);
  });
});
