import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/index.js';
import { syntheticRun } from '../report/support/synthetic-run.js';
import { writeRunDirectory } from '../report/support/write-run-dir.js';
import { runBuiltCli as runCli } from '../support/built-cli.js';

const root = mkdtempSync(join(tmpdir(), 'agentperf-verdicts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A group of K repeats as `run --repeat K` leaves it: one directory, seeds 1..K, one group id. */
function writeGroup(name: string, firstSeed: number, chatSlowdown: number): string {
  const directory = join(root, name);
  for (let index = 0; index < 3; index++) {
    const run = syntheticRun({
      seed: firstSeed + index,
      runId: `${name}-${index}`,
      concurrencies: [4],
      tasksPerLevel: 60,
      chatSlowdown,
    });
    run.results.seed = index + 1;
    run.results.group = { id: `g-${name}`, index, size: 3 };
    writeRunDirectory(join(directory, run.results.runId), run);
  }
  return directory;
}

describe('compare and history exit codes, run as a user runs them', () => {
  const base = writeGroup('base', 10, 1);
  const same = writeGroup('same', 40, 1);
  const slow = writeGroup('slow', 70, 1.5);

  it('compare: 0 without a regression, 1 with --fail-on-regression on one, 2 on bad input', async () => {
    const ok = await runCli(['compare', base, same, '--fail-on-regression', '--runs', root]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('3 baseline and 3 candidate run(s)');
    expect(ok.stdout).toContain('paired by seed');
    const worse = await runCli(['compare', base, slow, '--fail-on-regression', '--runs', root]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/explained by \*\*chat\*\*/);
    expect((await runCli(['compare', base, slow, '--runs', root])).code).toBe(0);
    const missing = await runCli(['compare', base, join(root, 'nope'), '--runs', root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no run ".*nope"/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badFloor = await runCli(['compare', base, slow, '--noise-floor', '2']);
    expect(badFloor.code).toBe(2);
  }, 240_000);

  it('compare names group ids from the runs directory', async () => {
    const byGroup = await runCli(['compare', 'g-base', slow, '--runs', base]);
    expect(byGroup.stderr).toBe('');
    expect(byGroup.code).toBe(0);
    expect(byGroup.stdout).toContain('3 runs (group g-base) → 3 runs (group g-slow)');
  }, 120_000);

  it('history: exit 1 with --fail-on-regression when the latest run regressed, else 0', async () => {
    const storePath = join(root, 'history.db');
    const store = new SqliteRunStore(storePath);
    for (let index = 0; index < 8; index++) {
      const run = syntheticRun({
        seed: 500 + index,
        runId: `h${index}`,
        concurrencies: [1],
        tasksPerLevel: 150,
        startedAt: new Date(Date.UTC(2026, 5, 1 + index * 7)).toISOString(),
        toolSlowdown: { search_docs: index === 7 ? 3 : 1 },
      });
      store.beginRun({
        runId: run.results.runId,
        suite: run.results.suite,
        fabric: run.results.fabric,
        startedAt: run.results.startedAt,
        simulated: true,
        config: {},
        gitRevision: null,
      });
      store.appendTasks(run.tasks);
      store.appendSpans(run.results.runId, run.spans);
      store.finishRun(run.results.runId, run.results);
    }
    store.close();
    const args = ['history', '--store', storePath, '--out', root, '--format', 'md'];
    const failing = await runCli([...args, '--fail-on-regression']);
    expect(failing.stderr).toBe('');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('The latest run regressed');
    expect((await runCli(args)).code).toBe(0);
    expect((await runCli([...args, '--limit', '7', '--fail-on-regression'])).code).toBe(0);
    const bad = await runCli(['history', '--store', storePath, '--suite', 'no-such-suite']);
    expect(bad.code).toBe(2);
  }, 240_000);
});
