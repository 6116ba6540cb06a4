import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

describe('agentperf init', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('scaffolds a suite that runs as generated, from a directory without agentperf installed', async () => {
    const created = await runCli(['init', 'bench'], { cwd: dir.path });
    expect(created.code).toBe(0);
    for (const file of ['agentperf.yaml', 'task.ts', 'package.json'])
      expect(existsSync(join(dir.path, 'bench', file))).toBe(true);
    const run = await runCli(['run', 'bench/agentperf.yaml', '--levels', '1,2', '--tasks', '4', '--quiet'], {
      cwd: dir.path,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const again = await runCli(['init', 'bench'], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });
});
