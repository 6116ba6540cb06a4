import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/commands/compare.js';
import { reportCommand } from '../../src/commands/report.js';
import { scorecardCommand } from '../../src/commands/scorecard.js';
import { AgentperfError } from '../../src/errors.js';
import { loadRunDirectory } from '../../src/report/index.js';
import { MemoryStore } from './support/memory-store.js';
import { syntheticRun } from './support/synthetic-run.js';
import { writeRunDirectory } from './support/write-run-dir.js';

const root = mkdtempSync(join(tmpdir(), 'agentperf-commands-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('run directories and the report/compare commands', () => {
  const baseline = syntheticRun({ seed: 31, runId: 'base', tasksPerLevel: 400 });
  const baseDir = writeRunDirectory(join(root, 'base'), baseline);

  it('loads a run directory back exactly (streamed JSONL)', async () => {
    const loaded = await loadRunDirectory(baseDir);
    expect(loaded.results).toEqual(baseline.results);
    expect(loaded.tasks).toEqual(baseline.tasks);
    expect(loaded.spans.length).toBe(baseline.spans.length);
    expect(loaded.spans[17]).toEqual(baseline.spans[17]);
  });

  it('names the file and line of a corrupt record, as a usage error', async () => {
    const broken = writeRunDirectory(join(root, 'broken'), syntheticRun({ tasksPerLevel: 5 }));
    writeFileSync(join(broken, 'tasks.jsonl'), '{"ok":1}\n{not json\n');
    const error = await loadRunDirectory(broken).catch((caught: unknown) => caught);
    expect(AgentperfError.is(error) && error.userFixable).toBe(true);
    expect((error as Error).message).toContain('tasks.jsonl:2');
  });

  it('report writes report.html and report.md into the run directory', async () => {
    const output: string[] = [];
    const code = await reportCommand(
      { run: baseDir },
      { store: null, runsDir: root, write: (text) => output.push(text) },
    );
    expect(code).toBe(0);
    expect(readFileSync(join(baseDir, 'report.md'), 'utf8')).toContain('## The four numbers');
    expect(readFileSync(join(baseDir, 'report.html'), 'utf8')).toContain('Content-Security-Policy');
    expect(output.join('')).toContain('report.html');
  });

  it('report finds a run by id in the store and writes under the runs directory', async () => {
    const store = new MemoryStore();
    store.add(syntheticRun({ seed: 32, runId: 'stored-run', tasksPerLevel: 50 }));
    const code = await reportCommand(
      { run: 'stored-run', format: 'md' },
      { store, runsDir: root, write: () => {} },
    );
    expect(code).toBe(0);
    expect(existsSync(join(root, 'stored-run', 'report.md'))).toBe(true);
    expect(existsSync(join(root, 'stored-run', 'report.html'))).toBe(false);
  });

  it('an unknown run is a usage error', async () => {
    const error = await reportCommand({ run: 'nope' }, { store: new MemoryStore(), runsDir: root }).catch(
      (caught) => caught,
    );
    expect(AgentperfError.is(error) && error.kind).toBe('usage');
  });

  it('compare exits 1 on a significant regression only with failOnRegression', async () => {
    const slow = syntheticRun({
      seed: 33,
      runId: 'slow',
      tasksPerLevel: 400,
      toolSlowdown: { search_docs: 3, sql_query: 3 },
    });
    const slowDir = writeRunDirectory(join(root, 'slow'), slow);
    const same = writeRunDirectory(
      join(root, 'same'),
      syntheticRun({ seed: 34, runId: 'same', tasksPerLevel: 400 }),
    );
    const deps = { store: null, runsDir: root, write: () => {} };
    expect(await compareCommand({ a: baseDir, b: slowDir, failOnRegression: true }, deps)).toBe(1);
    expect(await compareCommand({ a: baseDir, b: slowDir }, deps)).toBe(0);
    const out = join(root, 'compare.md');
    expect(await compareCommand({ a: baseDir, b: same, failOnRegression: true, out }, deps)).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('No significant regression');
  });

  it('scorecard ranks run directories and needs at least two runs', async () => {
    const other = writeRunDirectory(
      join(root, 'other-fabric'),
      syntheticRun({
        seed: 35,
        runId: 'other',
        fabric: 'other-fabric',
        tasksPerLevel: 100,
        chatSlowdown: 1.5,
      }),
    );
    const output: string[] = [];
    const deps = { store: null, runsDir: root, write: (text: string) => output.push(text) };
    expect(await scorecardCommand({ runs: [baseDir, other] }, deps)).toBe(0);
    expect(output.join('')).toMatch(/\| sim-fabric \| 1 \| ok \| #1 /);
    expect(output.join('')).toMatch(/\| other-fabric \| 1 \| ok \| #2 /);
    // Unlike work is refused, and so is a role no run has.
    const otherSuite = writeRunDirectory(
      join(root, 'other-suite'),
      syntheticRun({ seed: 36, runId: 'other-suite', suite: 'another-suite', tasksPerLevel: 20 }),
    );
    const mixed = await scorecardCommand({ runs: [baseDir, otherSuite] }, deps).catch((caught) => caught);
    expect(AgentperfError.is(mixed) && mixed.kind).toBe('usage');
    expect(String(mixed.message)).toContain('different suites');
    const noRole = await scorecardCommand({ runs: [baseDir, other], role: 'critic' }, deps).catch(
      (caught) => caught,
    );
    expect(AgentperfError.is(noRole) && noRole.kind).toBe('usage');
    output.length = 0;
    expect(await scorecardCommand({ runs: [baseDir, other], role: 'planner' }, deps)).toBe(0);
    expect(output.join('')).toContain('Single call measured on role: planner');
    const error = await scorecardCommand({ runs: [baseDir] }, deps).catch((caught) => caught);
    expect(AgentperfError.is(error) && error.kind).toBe('usage');
  });
});
