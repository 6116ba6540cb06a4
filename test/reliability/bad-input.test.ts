import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, startBuiltCli, waitForOutput } from '../support/built-cli.js';
import { writeSimSuiteFile } from '../support/sim-suite-file.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let suite: string;
beforeAll(() => {
  suite = writeSimSuiteFile(dir.path);
});
afterAll(() => dir.remove());

/** Exit 2, a reason naming the flag, no stack trace, and no run directory. */
function expectRefused(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain('internal error');
}

describe('bad input is refused before measuring (built CLI, exit 2)', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['--levels 0', ['--levels', '0'], /--levels "0": "0" is not a positive whole number/],
    ['--levels -3', ['--levels', '-3'], /--levels/],
    ['--levels above the ceiling', ['--levels', '1,100000'], /100000 agents is above the ceiling of 4096/],
    ['--warmup negative', ['--warmup', '-1'], /--warmup -1: warm-up executions cannot be negative/],
    ['--rate 0', ['--rate', '0'], /--rate "0": "0" is not a positive number/],
  ];
  for (const [name, flags, pattern] of cases) {
    it(`run ${name}`, async () => {
      const result = await runBuiltCli(['run', suite, '--quiet', '--out', 'runs', ...flags], {
        cwd: dir.path,
      });
      expectRefused(result, pattern);
    });
  }

  it('sim --port out of range', async () => {
    expectRefused(await runBuiltCli(['sim', '--port', '70000']), /--port takes 0 \(any free port\) to 65535/);
  });

  it('proxy --upstream that is not a URL', async () => {
    expectRefused(
      await runBuiltCli(['proxy', '--upstream', 'localhost-8000']),
      /--upstream "localhost-8000" is not an http\(s\) URL/,
    );
  });

  it('sim --host that is not loopback, unless --allow-remote (then a warning)', async () => {
    expectRefused(
      await runBuiltCli(['sim', '--host', '0.0.0.0']),
      /--host 0\.0\.0\.0 is not a loopback address/,
    );
    const allowed = startBuiltCli(['sim', '--host', '0.0.0.0', '--port', '0', '--allow-remote']);
    await waitForOutput(allowed, /base URL/);
    expect(allowed.output().stderr).toMatch(/warning: the simulator listens on 0\.0\.0\.0/);
    allowed.child.kill('SIGINT');
    expect((await allowed.done).code).toBe(0);
  });
});
