import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repeatPlan } from '../../src/commands/run.js';
import type { RunResults } from '../../src/spec/index.js';
import { runBuiltCli as runCli } from '../support/built-cli.js';

const root = mkdtempSync(join(tmpdir(), 'agentperf-repeat-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run --repeat', () => {
  it('interleaves fabrics A B, B A, ... and gives each fabric one group id', () => {
    const plan = repeatPlan(['a', 'b'], 3);
    expect(plan.map((entry) => `${entry.fabric}${entry.index}`)).toEqual([
      'a0',
      'b0',
      'b1',
      'a1',
      'a2',
      'b2',
    ]);
    const groups = new Set(plan.map((entry) => entry.groupId));
    expect(groups.size).toBe(2);
    expect(plan.every((entry) => entry.size === 3)).toBe(true);
  });

  it('records K runs with seeds seed..seed+K-1 as one group that compare reads as one side', async () => {
    const out = join(root, 'runs');
    const run = await runCli([
      'run',
      '--fabric',
      'sim-gpu-pool',
      '--task',
      'support',
      '--levels',
      '1',
      '--tasks',
      '2',
      '--seed',
      '7',
      '--repeat',
      '2',
      '--out',
      out,
    ]);
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    const results = readdirSync(out, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => JSON.parse(readFileSync(join(out, entry.name, 'results.json'), 'utf8')) as RunResults);
    expect(results.map((entry) => entry.seed).sort()).toEqual([7, 8]);
    const group = results[0]!.group!;
    expect(results.map((entry) => entry.group?.id)).toEqual([group.id, group.id]);
    expect(results.map((entry) => entry.group?.index).sort()).toEqual([0, 1]);
    expect(run.stdout).toContain(group.id);
    // The group by id (from the store) and by directory: 2 runs a side, too few tasks for a verdict.
    const compared = await runCli(['compare', group.id, out, '--runs', out, '--include-impaired']);
    expect(compared.code).toBe(0);
    expect(compared.stdout).toContain(`2 runs (group ${group.id})`);
  }, 240_000);
});
