import { copyFileSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    ['--levels above the ceiling', ['--levels', '1,100000'], /100000 agents is above the ceiling of 65,536/],
    ['--warmup negative', ['--warmup', '-1'], /--warmup -1: warm-up executions cannot be negative/],
    ['--rate 0', ['--rate', '0'], /--rate "0": "0" is not a positive number/],
    [
      'a threshold naming a task the run does not have',
      ['--threshold', 'task=nope:e2e.p95<5s'],
      /threshold "task=nope:e2e\.p95<5s" names task "nope", which this run does not have \(its tasks: echo\)/,
    ],
    [
      'a threshold naming a level the run does not have',
      ['--threshold', 'passRate>=0.9@c64'],
      /threshold "passRate>=0\.9@c64" names level c64, which this run does not have \(its levels: c2\)/,
    ],
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

  it('a YAML alias bomb (billion laughs) in a suite or a simulator fabric file, refused at once', async () => {
    const bomb = ['name: bomb', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, previous] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((letter, index) => [
      letter,
      'abcdefgh'[index],
    ]))
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    writeFileSync(join(dir.path, 'bomb.yaml'), `${bomb.join('\n')}\ntasks: [*i]\n`);
    const suiteResult = await runBuiltCli(['run', 'bomb.yaml', '--quiet', '--out', 'runs'], {
      cwd: dir.path,
    });
    expectRefused(suiteResult, /bomb\.yaml: \(top level\): YAML aliases expand too far .*billion laughs/);
    writeFileSync(join(dir.path, 'bomb-fabric.yaml'), `${bomb.slice(1).join('\n')}\ndeployments: [*i]\n`);
    expectRefused(
      await runBuiltCli(['sim', '--fabric', 'bomb-fabric.yaml'], { cwd: dir.path }),
      /bomb-fabric\.yaml: \(top level\): YAML aliases expand too far/,
    );
  }, 120_000);

  it('a simulator fabric path in a suite is read relative to the suite file, not the working directory', async () => {
    const sub = join(dir.path, 'nested');
    mkdirSync(sub, { recursive: true });
    copyFileSync(join(process.cwd(), 'src/sim/fabrics/gpu-pool.yaml'), join(sub, 'my-fabric.yaml'));
    const file = writeSimSuiteFile(sub, { name: 'nested-suite', tasksPerLevel: 2, levels: [1] });
    const { readFileSync } = await import('node:fs');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        "type: 'simulator' }",
        "type: 'simulator', fabric: './my-fabric.yaml' }",
      ),
    );
    const ran = await runBuiltCli(['run', 'nested/nested-suite.ts', '--quiet', '--out', 'nested-runs'], {
      cwd: dir.path,
    });
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('./my-fabric.yaml', './missing.yaml'));
    expectRefused(
      await runBuiltCli(['run', 'nested/nested-suite.ts', '--quiet', '--out', 'nested-runs'], {
        cwd: dir.path,
      }),
      /fabrics\.sim\.endpoints\.sim\.fabric: simulator fabric file .*nested\/missing\.yaml does not exist \(paths are relative to the suite file/,
    );
  }, 120_000);
});

describe('report and compare refuse what is not a run (built CLI, exit 2)', () => {
  const runOf = async (suiteName: string): Promise<string> => {
    const sub = join(dir.path, suiteName);
    mkdirSync(sub, { recursive: true });
    const file = writeSimSuiteFile(sub, { name: suiteName, tasksPerLevel: 3, levels: [1] });
    const result = await runBuiltCli(['run', file, '--quiet', '--out', join(sub, 'runs')], { cwd: sub });
    expect(result.code).toBe(0);
    const runs = join(sub, 'runs');
    return join(runs, readdirSync(runs).find((name) => name.includes(suiteName))!);
  };
  let first = '';
  let second = '';
  let other = '';
  beforeAll(async () => {
    [first, second, other] = await Promise.all([runOf('suite-a'), runOf('suite-a2'), runOf('suite-b')]);
  }, 120_000);

  it('report on a results.json of {} and on JSONL lines that are not records', async () => {
    const empty = join(dir.path, 'empty-run');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'results.json'), '{}\n');
    expectRefused(
      await runBuiltCli(['report', empty]),
      /empty-run\/results\.json is not an agentperf results file: it has no runId, suite, fabric, levels/,
    );
    expectRefused(await runBuiltCli(['compare', empty, first]), /is not an agentperf results file/);
    const odd = join(dir.path, 'odd-run');
    cpSync(first, odd, { recursive: true });
    writeFileSync(join(odd, 'tasks.jsonl'), '{"hello":"world"}\n');
    expectRefused(
      await runBuiltCli(['report', odd]),
      /odd-run\/tasks\.jsonl: record 1 is not an agentperf task record \(\{"hello":"world"\}\)/,
    );
  }, 120_000);

  it('compare of runs of different suites is refused unless --allow-different-suites (then a banner)', async () => {
    // Same suite name in two directories: comparable.
    const { readFileSync } = await import('node:fs');
    const renamed = JSON.parse(readFileSync(join(second, 'results.json'), 'utf8'));
    renamed.suite = 'suite-a';
    writeFileSync(join(second, 'results.json'), JSON.stringify(renamed));
    const same = await runBuiltCli(['compare', first, second]);
    expect(same.code).toBe(0);
    expectRefused(
      await runBuiltCli(['compare', first, other]),
      /cannot compare: the runs are of different suites \(baseline: suite-a; candidate: suite-b\)/,
    );
    const allowed = await runBuiltCli(['compare', first, other, '--allow-different-suites']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/> \*\*Warning: the runs are of different suites .*compared anyway/);
  }, 120_000);
});
