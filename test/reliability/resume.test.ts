import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../../src/store/index.js';
import type { RunResults, TaskRecord } from '../../src/spec/index.js';
import { runBuiltCli, startBuiltCli } from '../support/built-cli.js';
import { writeSimSuiteFile } from '../support/sim-suite-file.js';
import { readJsonl } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let suite: string;
// Two closed-loop levels; warm-up is one execution per agent.
const LEVELS = [2, 4];
const TASKS = 40;
const PLANNED = LEVELS.reduce((sum, agents) => sum + TASKS + agents, 0);

beforeAll(() => {
  suite = writeSimSuiteFile(dir.path, { name: 'resumable', levels: LEVELS, tasksPerLevel: TASKS });
});
afterAll(() => dir.remove());

function lineCount(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '').length;
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('run --resume after SIGKILL (built CLI)', () => {
  it('ends with the same number of task records as an uninterrupted run, none duplicated', async () => {
    const whole = await runBuiltCli(['run', suite, '--quiet', '--out', 'whole'], { cwd: dir.path });
    expect(whole.code).toBe(0);
    const [wholeRun] = readdirSync(join(dir.path, 'whole')).filter((name) => name.includes('resumable'));
    const uninterrupted = readJsonl<TaskRecord>(join(dir.path, 'whole', wholeRun!, 'tasks.jsonl'));
    expect(uninterrupted).toHaveLength(PLANNED);

    const out = join(dir.path, 'killed');
    const started = startBuiltCli(['run', suite, '--quiet', '--out', 'killed'], { cwd: dir.path });
    let runDir = '';
    await until(() => {
      const name = existsSync(out)
        ? readdirSync(out).find((entry) => entry.includes('resumable'))
        : undefined;
      if (name !== undefined) runDir = join(out, name);
      return runDir !== '' && lineCount(join(runDir, 'tasks.jsonl')) >= PLANNED / 3;
    });
    started.child.kill('SIGKILL');
    await started.done;
    const before = lineCount(join(runDir, 'tasks.jsonl'));
    expect(before).toBeLessThan(PLANNED);
    expect(existsSync(join(runDir, 'results.json'))).toBe(false);
    // A write cut mid-line by the kill.
    appendFileSync(join(runDir, 'tasks.jsonl'), '{"runId":"torn","level":"c');

    // Before the resume, the killed run is readable, and said to be partial.
    const report = await runBuiltCli(['report', runDir, '--format', 'md'], { cwd: dir.path });
    expect(report.code).toBe(0);
    expect(report.stderr).toMatch(/is PARTIAL/);
    expect(report.stderr).toMatch(/dropped a torn last line/);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(/Run status: partial/);
    const compare = await runBuiltCli(
      ['compare', '--include-impaired', join(dir.path, 'whole', wholeRun!), runDir, '--resamples', '50'],
      {
        cwd: dir.path,
      },
    );
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/Warning: run .* is PARTIAL/);
    // The store row the killed process left `running` reads as partial.
    const history = await runBuiltCli(
      ['history', '--include-impaired', '--runs', 'killed', '--format', 'md'],
      { cwd: dir.path },
    );
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/PARTIAL: 1 run\(s\) did not finish/);

    const resumed = await runBuiltCli(['run', '--resume', runDir], { cwd: dir.path });
    expect(resumed.stderr).toMatch(/dropped a torn last line of tasks\.jsonl/);
    expect(resumed.code).toBe(0);
    const tasks = readJsonl<TaskRecord>(join(runDir, 'tasks.jsonl'));
    expect(tasks).toHaveLength(uninterrupted.length);
    expect(new Set(tasks.map((task) => task.taskExecId)).size).toBe(tasks.length);
    expect(new Set(tasks.map((task) => task.taskExecId))).toEqual(
      new Set(uninterrupted.map((task) => task.taskExecId)),
    );
    // Every span belongs to a recorded task, and none is there twice.
    const spans = readJsonl<{ spanId: string; taskExecId: string }>(join(runDir, 'spans.jsonl'));
    const ids = new Set(tasks.map((task) => task.taskExecId));
    expect(spans.every((span) => ids.has(span.taskExecId))).toBe(true);
    expect(new Set(spans.map((span) => span.spanId)).size).toBe(spans.length);

    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.status).toBe('complete');
    expect(results.resumed?.keptTasks).toBe(before);
    expect(results.resumed?.note).toMatch(/resumed/);
    expect(results.levels.map((level) => level.tasksCompleted)).toEqual(LEVELS.map(() => TASKS));

    const store = new SqliteRunStore(join(out, 'agentperf.db'));
    try {
      expect(store.loadTasks(results.runId)).toHaveLength(PLANNED);
      expect(store.listRuns().find((row) => row.runId === results.runId)?.status).toBe('complete');
    } finally {
      store.close();
    }
  }, 120_000);
});
