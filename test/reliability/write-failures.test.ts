import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../support/built-cli.js';
import { writeSimSuiteFile } from '../support/sim-suite-file.js';
import { tempDir } from '../support/temp-dir.js';

const require = createRequire(import.meta.url);
const dir = tempDir();
let suite: string;

beforeAll(() => {
  suite = writeSimSuiteFile(dir.path, { tasksPerLevel: 6 });
});
afterAll(() => dir.remove());

/** exit 3, one line naming what failed and the fix, no stack trace, and nothing measured. */
function expectStoreFailure(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(3);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^agentperf: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain('internal error');
}

describe('write failures (built CLI): exit 3, one line with the fix, before measuring', () => {
  it('--out pointing at a file', async () => {
    writeFileSync(join(dir.path, 'a-file'), '');
    const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'a-file'], { cwd: dir.path });
    expectStoreFailure(result, /a file stands where a directory is needed at .*a-file: point --out/);
  });

  it('--store pointing at a directory', async () => {
    mkdirSync(join(dir.path, 'a-dir'));
    const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'runs-d', '--store', 'a-dir'], {
      cwd: dir.path,
    });
    expectStoreFailure(result, /a directory stands where a file is needed at .*a-dir: point --store/);
    expect(existsSync(join(dir.path, 'runs-d')) && readdirSync(join(dir.path, 'runs-d'))).toEqual([]);
  });

  it('a corrupt store', async () => {
    writeFileSync(join(dir.path, 'corrupt.db'), 'this is not a database at all, just text '.repeat(200));
    const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'runs-c', '--store', 'corrupt.db'], {
      cwd: dir.path,
    });
    expectStoreFailure(result, /corrupt or not an agentperf store: .*corrupt\.db: move the file aside/);
  });

  it('a store from a newer agentperf', async () => {
    const db = new Database(join(dir.path, 'newer.db'));
    db.pragma('user_version = 999');
    db.close();
    const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'runs-n', '--store', 'newer.db'], {
      cwd: dir.path,
    });
    expectStoreFailure(
      result,
      /schema version 999, newer than this agentperf understands.*upgrade agentperf/,
    );
  });

  it('a store locked by another process', async () => {
    const path = join(dir.path, 'locked.db');
    const holder: ChildProcess = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new Database(${JSON.stringify(path)});
         db.pragma('journal_mode = WAL');
         db.exec('CREATE TABLE IF NOT EXISTS hold (a); BEGIN IMMEDIATE; INSERT INTO hold VALUES (1);');
         process.stdout.write('locked\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
      const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'runs-l', '--store', 'locked.db'], {
        cwd: dir.path,
      });
      expectStoreFailure(
        result,
        /run store is locked by another process: .*locked\.db: wait for the other run/,
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});

/** A tmpfs this small fills after a few dozen task records. */
function mountSmallTmpfs(path: string): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    mkdirSync(path, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', path], { stdio: 'ignore' });
    return null;
  } catch (error) {
    return `mount -t tmpfs failed (${(error as Error).message.split('\n')[0]})`;
  }
}

describe('disk full (a small tmpfs)', () => {
  const mountPoint = join(dir.path, 'full');
  const why = mountSmallTmpfs(mountPoint);
  if (why !== null) console.warn(`skipping the disk-full test: ${why}`);
  afterAll(() => {
    if (why === null) execFileSync('umount', [mountPoint]);
  });

  it.skipIf(why !== null)(
    'stops the run promptly with exit 3, keeps what was written, and the writer thread ends',
    async () => {
      const big = writeSimSuiteFile(dir.path, { name: 'big', levels: [4], tasksPerLevel: 5000 });
      const result = await runBuiltCli(['run', big, '--quiet', '--out', mountPoint], { cwd: dir.path });
      expectStoreFailure(result, /no space left on device writing .*full\/.*: free space, or use --out/);
      const [runDir] = readdirSync(mountPoint).filter((name) => name.includes('big'));
      const lines = readFileSync(join(mountPoint, runDir!, 'tasks.jsonl'), 'utf8').split('\n');
      const whole = lines.filter((line) => {
        try {
          JSON.parse(line);
          return true;
        } catch {
          return false;
        }
      });
      // The run stopped long before its 5,000 tasks, and what reached the disk is there.
      expect(whole.length).toBeGreaterThan(0);
      expect(whole.length).toBeLessThan(5000);
    },
    60_000,
  );
});
