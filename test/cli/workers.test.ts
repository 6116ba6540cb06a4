import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeLevelResult } from '../../src/metrics/index.js';
import type { LevelResult, RunResults, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { runBuiltCli, startBuiltCli } from '../support/built-cli.js';
import { readJsonl } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

/**
 * A user's suite module with a tool of its own: module state (a counter)
 * lives in whichever thread loaded the module, as the docs' rule says.
 */
function writeToolSuite(): string {
  const file = join(dir.path, 'tool-suite.ts');
  writeFileSync(join(dir.path, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    file,
    `import { threadId } from 'node:worker_threads';
import { defineSuite, defineTask } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
let calls = 0;
const task = defineTask({
  name: 'lookup',
  roles: ['worker'],
  cases: [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }],
  caseId: (theCase) => String(theCase.n),
  tools: [
    {
      name: 'double',
      description: 'doubles n',
      parameters: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      async call(args) {
        calls += 1;
        return { doubled: Number(args.n) * 2, thread: threadId, calls };
      },
    },
  ],
  async agent(ctx) {
    await ctx.chat('worker', { messages: [{ role: 'user', content: 'double it' }], maxTokens: 4 });
    const result = await ctx.tool('double', { n: ctx.case.n });
    if (!result.ok) throw new Error(result.error);
    return result.text;
  },
  grade: ({ case: theCase, answer }) => {
    const result = JSON.parse(answer);
    return { passed: result.doubled === theCase.n * 2, reason: 'thread ' + result.thread };
  },
});
export default defineSuite({
  name: 'tool-suite',
  tasks: [task],
  fabrics: {
    sim: { endpoints: { sim: { type: 'simulator' } }, roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } } },
  },
  levels: [1, 4],
  tasksPerLevel: 16,
});
`,
  );
  return file;
}

const suiteFile = writeToolSuite();

interface RunFiles {
  results: RunResults;
  tasks: TaskRecord[];
  spans: SpanRecord[];
  stderr: string;
}

function readRun(out: string): Omit<RunFiles, 'stderr'> {
  const runDir = join(out, readdirSync(out).find((name) => existsSync(join(out, name, 'tasks.jsonl')))!);
  return {
    results: JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults,
    tasks: readJsonl<TaskRecord>(join(runDir, 'tasks.jsonl')),
    spans: readJsonl<SpanRecord>(join(runDir, 'spans.jsonl')),
  };
}

async function run(name: string, args: string[]): Promise<RunFiles> {
  const out = join(dir.path, name);
  const result = await runBuiltCli(['run', suiteFile, '--seed', '5', '--quiet', '--out', out, ...args], {
    cwd: dir.path,
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { ...readRun(out), stderr: result.stderr };
}

/** A level's result as recomputed from the files alone (harness figures aside), rounded against float order. */
function recomputed(level: LevelResult, files: RunFiles): unknown {
  const tasks = files.tasks.filter((task) => task.level === level.label);
  const ids = new Set(tasks.map((task) => task.taskExecId));
  return rounded(
    computeLevelResult({
      label: level.label,
      mode: level.mode,
      ...(level.concurrency === undefined ? {} : { concurrency: level.concurrency }),
      ...(level.arrivalRatePerS === undefined ? {} : { arrivalRatePerS: level.arrivalRatePerS }),
      ...(level.arrivalProcess === undefined ? {} : { arrivalProcess: level.arrivalProcess }),
      fabric: files.results.fabric,
      tasks,
      spans: files.spans.filter((span) => ids.has(span.taskExecId)),
      harness: level.harness,
      partial: false,
    }),
  );
}

function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
    typeof item === 'number' ? Number(item.toPrecision(9)) : item,
  );
}

function ids(tasks: TaskRecord[]): string[] {
  return tasks.map((task) => task.taskExecId).sort();
}

describe('run --workers (built CLI)', () => {
  it('2 workers run the same executions as 1: same ids, none twice, results computed the same way, the user tool works in each worker', async () => {
    const one = await run('one', ['--workers', '1']);
    const two = await run('two', ['--workers', '2']);
    expect(two.tasks).toHaveLength(one.tasks.length);
    expect(new Set(ids(two.tasks)).size).toBe(two.tasks.length);
    expect(ids(two.tasks)).toEqual(ids(one.tasks));
    // The same case behind each id, and the same warm-up flags: one plan, split.
    const planOf = (files: RunFiles) =>
      Object.fromEntries(files.tasks.map((task) => [task.taskExecId, `${task.caseId}|${task.warmup}`]));
    expect(planOf(two)).toEqual(planOf(one));
    expect(two.tasks.every((task) => task.passed && task.error === null)).toBe(true);
    // Every task's tool step reached the main thread (spans before records, none lost).
    const toolSpans = two.spans.filter((span) => span.kind === 'tool');
    expect(new Set(toolSpans.map((span) => span.taskExecId))).toEqual(new Set(ids(two.tasks)));
    // Both workers ran tasks of the c4 level (the user module was loaded in each).
    const threads = (files: RunFiles) =>
      new Set(files.tasks.filter((task) => task.level === 'c4').map((task) => task.gradeReason));
    expect(threads(two).size).toBe(2);
    expect(threads(one)).toEqual(new Set(['thread 0']));
    for (const files of [one, two]) {
      expect(files.results.levels.map((level) => level.label)).toEqual(['c1', 'c4']);
      for (const level of files.results.levels) {
        const { harness: _harness, ...stored } = rounded(level) as LevelResult;
        const { harness: _again, ...again } = recomputed(level, files) as LevelResult;
        expect(again).toEqual(stored);
      }
    }
    expect(two.results.levels[1]!.harness.workers).toBe(2);
    expect(one.results.levels[1]!.harness.workers).toBeUndefined();
    // The simulator thread watched itself at every level: it served tasks, so it was busy some of the time.
    for (const files of [one, two]) {
      for (const level of files.results.levels) {
        expect(level.harness.simulator?.busyFraction).toBeGreaterThan(0);
        expect(level.harness.simulator?.busyFraction).toBeLessThanOrEqual(1);
        expect(level.harness.simulator?.lagP99Ms).toBeGreaterThanOrEqual(0);
      }
    }
  }, 180_000);

  it('open loop with 2 workers keeps the one arrival schedule: same gaps as 1 worker, no arrival twice, none early', async () => {
    const args = ['--rate', '40', '--tasks', '40', '--warmup', '0'];
    const one = await run('open-one', [...args, '--workers', '1']);
    const two = await run('open-two', [...args, '--workers', '2']);
    expect(ids(two.tasks)).toEqual(ids(one.tasks));
    expect(new Set(ids(two.tasks)).size).toBe(40);
    const gaps = (files: RunFiles): number[] => {
      const byN = [...files.tasks].sort(
        (a, b) => Number(a.taskExecId.split('-')[1]) - Number(b.taskExecId.split('-')[1]),
      );
      return byN.slice(1).map((task, i) => task.scheduledAtMs - byN[i]!.scheduledAtMs);
    };
    // Poisson gaps drawn from the one seeded schedule: split between threads, not redrawn.
    const expected = gaps(one);
    const got = gaps(two);
    expect(got).toHaveLength(expected.length);
    for (const [i, gap] of got.entries()) expect(gap).toBeCloseTo(expected[i]!, 2);
    expect(two.tasks.filter((task) => task.startMs < task.scheduledAtMs)).toEqual([]);
    expect(two.results.levels[0]!.harness.startLagP99Ms).toBeGreaterThanOrEqual(0);
  }, 180_000);

  it('SIGINT with 2 workers stops gracefully and keeps what was measured', async () => {
    const out = join(dir.path, 'interrupted');
    const started = startBuiltCli(
      // --tasks, not --duration: the suite's tasksPerLevel (16) wins over a duration, and 16 tasks can end before the signal.
      ['run', suiteFile, '--levels', '4', '--tasks', '100000', '--workers', '2', '--out', out],
      { cwd: dir.path },
    );
    // Interrupt once records are on disk (an event, not a timer).
    for (;;) {
      const runs = existsSync(out) ? readdirSync(out) : [];
      const file = runs.length > 0 ? join(out, runs[0]!, 'tasks.jsonl') : null;
      if (file !== null && existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 8) break;
      if (started.output().code !== null) throw new Error(`the run ended early: ${started.output().stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    started.child.kill('SIGINT');
    const result = await started.done;
    expect(result.code).toBe(130);
    const files = readRun(out);
    expect(files.results.status).toBe('partial');
    expect(files.tasks.length).toBeGreaterThan(7);
    expect(new Set(ids(files.tasks)).size).toBe(files.tasks.length);
    const measured = files.tasks.filter((task) => !task.warmup);
    expect(files.results.levels[0]!.tasksCompleted).toBe(measured.length);
    expect(files.results.levels[0]!.partial).toBe(true);
  }, 180_000);

  it.each(['0', '-1', 'x', '257', '1.5'])('--workers %s is bad input: exit 2, one line', async (value) => {
    const result = await runBuiltCli(['run', suiteFile, '--workers', value, '--out', join(dir.path, 'bad')], {
      cwd: dir.path,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`--workers must be a whole number from 1 to 256, got "${value}"`),
    ]);
    expect(existsSync(join(dir.path, 'bad'))).toBe(false);
  });
});
