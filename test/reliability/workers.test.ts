import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults, TaskRecord } from '../../src/spec/index.js';
import { runBuiltCli, startBuiltCli } from '../support/built-cli.js';
import { writeSimSuiteFile } from '../support/sim-suite-file.js';
import { readJsonl } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let suite: string;
const LEVELS = [2, 4];
const TASKS = 30;

beforeAll(() => {
  suite = writeSimSuiteFile(dir.path, { name: 'workers', levels: LEVELS, tasksPerLevel: TASKS });
});
afterAll(() => dir.remove());

function runDirIn(out: string): string {
  return join(out, readdirSync(out).find((name) => name.includes('workers'))!);
}

function idsOf(runDir: string): string[] {
  return readJsonl<TaskRecord>(join(runDir, 'tasks.jsonl'))
    .map((task) => task.taskExecId)
    .sort();
}

function lineCount(path: string): number {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line !== '').length
    : 0;
}

describe('run --workers 2 keeps the runner features (built CLI)', () => {
  let whole: string[] = [];
  beforeAll(async () => {
    const result = await runBuiltCli(['run', suite, '--quiet', '--workers', '2', '--out', 'whole'], {
      cwd: dir.path,
    });
    expect(result.code).toBe(0);
    whole = idsOf(runDirIn(join(dir.path, 'whole')));
  }, 120_000);

  it('--resume after SIGKILL, with workers: the same executions as an uninterrupted run, none twice', async () => {
    expect(whole).toHaveLength(LEVELS.reduce((sum, agents) => sum + TASKS + agents, 0));
    const out = join(dir.path, 'killed');
    const started = startBuiltCli(['run', suite, '--quiet', '--workers', '2', '--out', 'killed'], {
      cwd: dir.path,
    });
    let runDir = '';
    for (;;) {
      if (runDir === '' && existsSync(out) && readdirSync(out).some((name) => name.includes('workers')))
        runDir = runDirIn(out);
      if (runDir !== '' && lineCount(join(runDir, 'tasks.jsonl')) >= whole.length / 3) break;
      if (started.output().code !== null) throw new Error(`ended early: ${started.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    started.child.kill('SIGKILL');
    await started.done;
    expect(lineCount(join(runDir, 'tasks.jsonl'))).toBeLessThan(whole.length);
    const resumed = await runBuiltCli(['run', '--resume', runDir, '--workers', '2', '--quiet'], {
      cwd: dir.path,
    });
    expect(resumed.code).toBe(0);
    // A torn last line (the kill) is dropped, so what survived is kept and the rest rerun.
    const ids = idsOf(runDir);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(whole);
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.status).toBe('complete');
    expect(results.levels.map((level) => level.tasksCompleted)).toEqual(LEVELS.map(() => TASKS));
  }, 180_000);

  it('--shard i/2 with 2 workers each: the shards together run the unsharded plan', async () => {
    const shards = await Promise.all(
      ['0/2', '1/2'].map((shard, index) =>
        runBuiltCli(['run', suite, '--quiet', '--workers', '2', '--shard', shard, '--out', `shard${index}`], {
          cwd: dir.path,
        }),
      ),
    );
    expect(shards.map((result) => result.code)).toEqual([0, 0]);
    const union = [0, 1].flatMap((index) => idsOf(runDirIn(join(dir.path, `shard${index}`))));
    expect(new Set(union).size).toBe(union.length);
    expect(union.sort()).toEqual(whole);
  }, 180_000);

  it('--until with workers stops each level by its rule or its budget, and says so', async () => {
    const result = await runBuiltCli(
      [
        'run',
        suite,
        '--quiet',
        '--workers',
        '2',
        '--until',
        'ci(e2e.p50)<=50%',
        '--tasks',
        '400',
        '--out',
        'until',
      ],
      { cwd: dir.path },
    );
    expect(result.code).toBe(0);
    const results = JSON.parse(
      readFileSync(join(runDirIn(join(dir.path, 'until')), 'results.json'), 'utf8'),
    ) as RunResults;
    for (const level of results.levels) {
      expect(['rule', 'budget']).toContain(level.stop?.by);
      expect(level.stop?.measuredTasks).toBe(level.tasksCompleted);
    }
    // A loose rule on a steady simulator holds long before 400 tasks.
    expect(results.levels.some((level) => level.stop?.by === 'rule' && level.tasksCompleted < 400)).toBe(
      true,
    );
  }, 180_000);

  const mountPoint = join(dir.path, 'full');
  const why = ((): string | null => {
    if (process.getuid?.() !== 0) return 'not running as root';
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mountPoint], { stdio: 'ignore' });
      return null;
    } catch (error) {
      return `mount failed (${(error as Error).message.split('\n')[0]})`;
    }
  })();
  afterAll(() => {
    if (why === null) execFileSync('umount', [mountPoint]);
  });
  it.skipIf(why !== null)(
    'a full disk with workers: exit 3, one line, and the workers end',
    async () => {
      const big = writeSimSuiteFile(dir.path, { name: 'workers-big', levels: [4], tasksPerLevel: 5000 });
      const result = await runBuiltCli(['run', big, '--quiet', '--workers', '2', '--out', mountPoint], {
        cwd: dir.path,
      });
      expect(result.code).toBe(3);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/no space left on device/);
    },
    90_000,
  );
});
