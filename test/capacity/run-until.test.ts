import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/spec/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { runCli } from '../support/cli.js';
import { writeDemoSuiteFile } from '../support/demo-suite-file.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({ ttftMs: 1, outputTokens: 2 });
  writeDemoSuiteFile(dir.path, 'until', server.baseUrl, 'levels: [4]\n');
});

afterAll(async () => {
  await server.close();
  dir.remove();
});

function resultsOf(stdout: string): RunResults {
  const path = /results: (\S+results\.json)/.exec(stdout)![1]!;
  return JSON.parse(readFileSync(path, 'utf8')) as RunResults;
}

describe('run --until', () => {
  it('stops a level once the interval is tight and records that it did', async () => {
    const result = await runCli(
      ['run', 'until.yaml', '--until', 'ci(e2e.p50)<=25%', '--tasks', '3000', '--out', 'runs'],
      {
        cwd: dir.path,
      },
    );
    expect(result.code).toBe(0);
    const [level] = resultsOf(result.stdout).levels;
    expect(level!.stop!.by).toBe('rule');
    expect(level!.stop!.rule).toBe('ci(e2e.p50)<=25%');
    expect(level!.stop!.detail).toMatch(/e2e\.p50 interval ±\d+(\.\d)?% after \d+ samples/);
    expect(level!.tasksCompleted).toBeLessThan(3000);
    expect(level!.stop!.measuredTasks).toBe(level!.tasksCompleted);
  }, 60_000);

  it('records when the budget ran out first', async () => {
    const result = await runCli(
      ['run', 'until.yaml', '--until', 'ci(e2e.p99)<=1%', '--tasks', '30', '--out', 'runs'],
      {
        cwd: dir.path,
      },
    );
    expect(result.code).toBe(0);
    const [level] = resultsOf(result.stdout).levels;
    expect(level!.stop!.by).toBe('budget');
    expect(level!.stop!.detail).toContain('no 95% interval yet');
    expect(level!.tasksCompleted).toBe(30);
  }, 60_000);

  it('rejects a rule it cannot judge with exit 2', async () => {
    const result = await runCli(['run', 'until.yaml', '--until', 'ci(passRate)<=5%'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid --until');
  }, 60_000);
});
