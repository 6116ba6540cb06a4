import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSimSuiteFile } from '../support/sim-suite-file.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

const hasBash = (() => {
  try {
    execFileSync('bash', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
})();

describe('running out of file descriptors (built CLI under ulimit -n 256)', () => {
  it.skipIf(!hasBash)(
    '300 agents: every measured task is kept, the failures are named, no stack trace',
    async () => {
      const suite = writeSimSuiteFile(dir.path, {
        name: 'fd-limit',
        levels: [300],
        tasksPerLevel: 600,
        warmupTasks: 0,
      });
      const cli = join(process.cwd(), 'dist/cli.js');
      const child = spawn(
        'bash',
        ['-c', `ulimit -n 256 && exec "${process.execPath}" "${cli}" run "${suite}" --out runs`],
        {
          cwd: dir.path,
          env: { ...process.env, NO_COLOR: '1', COLUMNS: '200' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      // On main the writer reopened spans.jsonl per batch, hit EMFILE, and the run ended with exit 3 keeping a tenth of its tasks.
      expect(code, stderr).toBe(0);
      const runs = join(dir.path, 'runs');
      const runDir = join(runs, readdirSync(runs).find((name) => name.includes('fd-limit'))!);
      const tasks = readFileSync(join(runDir, 'tasks.jsonl'), 'utf8').trim().split('\n');
      expect(tasks).toHaveLength(600);
      const level = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')).levels[0];
      expect(level.tasksCompleted).toBe(600);
      // Whatever failed is counted by class, and said in one line per level.
      const counted = (level.faults ?? []).reduce(
        (sum: number, fault: { count: number }) => sum + fault.count,
        0,
      );
      expect(counted).toBe(level.tasksErrored);
      if (level.tasksErrored > 0)
        expect(stdout).toMatch(new RegExp(`errored c300: ${level.tasksErrored} errored \\(`));
    },
    120_000,
  );
});
