import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/commands/report.js';
import {
  buildReportModel,
  htmlOfModel,
  loadRunDirectory,
  markdownOfModel,
  resolveReportModel,
  streamReportModel,
} from '../../src/report/index.js';
import type { SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { type SyntheticRun, syntheticRun } from './support/synthetic-run.js';
import { writeRunDirectory } from './support/write-run-dir.js';

const root = mkdtempSync(join(tmpdir(), 'agentperf-stream-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const deps = { store: null, runsDir: root };
/** Small reads, so tasks are folded while the spans file is still being read. */
const CHUNK = 4096;

/** The model as it was built before streaming: every record in memory. */
async function inMemory(directory: string) {
  return buildReportModel(await loadRunDirectory(directory));
}

/** A run laid out as the writer writes it: spans and tasks each in end order. */
function inEndOrder(run: SyntheticRun): SyntheticRun {
  const byEnd = <T extends { endMs: number }>(records: T[]) =>
    [...records].sort((left, right) => left.endMs - right.endMs);
  return { ...run, tasks: byEnd(run.tasks), spans: byEnd(run.spans) };
}

/** The run as recorded since task records count their spans (`spans`): every task says how many it has. */
function counted(run: SyntheticRun): SyntheticRun {
  const perTask = new Map<string, number>();
  for (const span of run.spans) perTask.set(span.taskExecId, (perTask.get(span.taskExecId) ?? 0) + 1);
  return { ...run, tasks: run.tasks.map((task) => ({ ...task, spans: perTask.get(task.taskExecId) ?? 0 })) };
}

describe('the streamed report model', () => {
  it('equals the in-memory model, in generation order and in end order, with span counts or without', async () => {
    for (const [name, run] of [
      ['generated', syntheticRun({ seed: 5, concurrencies: [1, 16], tasksPerLevel: 300 })],
      ['end-order', inEndOrder(syntheticRun({ seed: 6, concurrencies: [4, 32], tasksPerLevel: 300 }))],
      ['generated-counted', counted(syntheticRun({ seed: 7, concurrencies: [1, 16], tasksPerLevel: 300 }))],
      [
        'end-order-counted',
        counted(inEndOrder(syntheticRun({ seed: 6, concurrencies: [4, 32], tasksPerLevel: 300 }))),
      ],
    ] as const) {
      const directory = writeRunDirectory(join(root, name), run);
      const streamed = await streamReportModel(directory, run.results, [], CHUNK);
      expect(streamed).not.toBeNull();
      expect(streamed).toEqual(await inMemory(directory));
    }
  });

  it('picks the same waterfall task among tasks of equal latency (stable nearest rank)', async () => {
    const run = inEndOrder(syntheticRun({ seed: 8, concurrencies: [8], tasksPerLevel: 400 }));
    // Coarse latencies: many ties, so the pick must be the right one of several equal tasks.
    const tasks = run.tasks.map((task, index) => ({
      ...task,
      e2eMs: 500 * Math.round(task.e2eMs / 500) + (index % 2),
    }));
    const directory = writeRunDirectory(join(root, 'ties'), { ...run, tasks });
    const streamed = await streamReportModel(directory, run.results, [], CHUNK);
    const expected = await inMemory(directory);
    expect(streamed!.levels[0]!.waterfalls.map((waterfall) => waterfall.caseId)).toEqual(
      expected.levels[0]!.waterfalls.map((waterfall) => waterfall.caseId),
    );
    expect(streamed).toEqual(expected);
  });

  it('falls back to memory, with the same result, when a span comes long after its task', async () => {
    const run = inEndOrder(syntheticRun({ seed: 9, concurrencies: [2], tasksPerLevel: 200 }));
    // The first task's spans moved to the end of the file: the one-pass join cannot see them in time.
    const first = run.tasks[0]!.taskExecId;
    const spans = [
      ...run.spans.filter((span) => span.taskExecId !== first),
      ...run.spans.filter((span) => span.taskExecId === first),
    ];
    const directory = writeRunDirectory(join(root, 'late'), { ...run, spans });
    expect(await streamReportModel(directory, run.results, [], CHUNK)).toBeNull();
    // Read in one chunk, nothing is folded before the late spans arrive: the join holds.
    expect(await streamReportModel(directory, run.results, [], 1 << 24)).toEqual(await inMemory(directory));
    const resolved = await resolveReportModel(directory, deps);
    expect(resolved.model).toEqual(await inMemory(directory));
    expect(resolved.model.levels[0]!.criticalPathMs['chat decode']).toBeGreaterThan(0);
  });

  it('folds a task whose record counts its spans once they are in, not at the horizon; a failed task waits', async () => {
    const base = counted(inEndOrder(syntheticRun({ seed: 13, concurrencies: [8], tasksPerLevel: 300 })));
    // A task in the middle gets one span more than its record counts, a few chunks after its own
    // spans but well within the 10 s horizon: only a join that waits for the horizon sees it.
    const target = base.tasks[150]!;
    const last = base.spans.findLastIndex((span) => span.taskExecId === target.taskExecId);
    const at = last + 40;
    expect(base.spans[at]!.endMs - base.spans[last]!.endMs).toBeLessThan(5_000);
    const extra: SpanRecord = { ...base.spans[last]!, spanId: `${target.taskExecId}.extra` };
    const withExtra = (run: SyntheticRun): SyntheticRun => ({
      ...run,
      spans: [...run.spans.slice(0, at), extra, ...run.spans.slice(at)],
    });
    const variants = [
      ['counted', withExtra(base), false],
      // The same file without counts (an older run): the horizon holds the task, the join holds.
      ['uncounted', withExtra({ ...base, tasks: base.tasks.map(({ spans: _, ...task }) => task) }), true],
      // A failed task may have a span recorded after its record: it waits for the horizon too.
      [
        'failed',
        withExtra({
          ...base,
          tasks: base.tasks.map((task) =>
            task === target
              ? { ...task, error: 'timed out after 1 ms', fault: 'timeout', passed: false }
              : task,
          ),
        }),
        true,
      ],
    ] as const;
    for (const [name, run, joins] of variants) {
      const directory = writeRunDirectory(join(root, `early-${name}`), run);
      const streamed = await streamReportModel(directory, run.results, [], CHUNK);
      if (joins) expect(streamed, name).toEqual(await inMemory(directory));
      else expect(streamed, name).toBeNull();
      expect((await resolveReportModel(directory, deps)).model, name).toEqual(await inMemory(directory));
    }
  });

  it('ignores spans of executions that never wrote a record, and a torn last line', async () => {
    const run = inEndOrder(syntheticRun({ seed: 10, concurrencies: [4], tasksPerLevel: 120 }));
    const directory = writeRunDirectory(join(root, 'torn'), run);
    const orphan: SpanRecord = { ...run.spans.at(-1)!, spanId: 'orphan', taskExecId: 'cut-off' };
    appendFileSync(join(directory, 'spans.jsonl'), `${JSON.stringify(orphan)}\n{"spanId":"torn","taskExe`);
    const resolved = await resolveReportModel(directory, deps);
    expect(await streamReportModel(directory, run.results, [], CHUNK)).not.toBeNull();
    expect(resolved.model).toEqual(await inMemory(directory));
    expect(resolved.warnings.join('\n')).toContain('dropped a torn last line of');
  });

  it('counts tasks without spans as the in-memory model does', async () => {
    const run = inEndOrder(syntheticRun({ seed: 11, concurrencies: [3], tasksPerLevel: 90 }));
    const missing = new Set(run.tasks.filter((_, index) => index % 7 === 0).map((task) => task.taskExecId));
    const spans = run.spans.filter((span) => !missing.has(span.taskExecId));
    const directory = writeRunDirectory(join(root, 'missing'), { ...run, spans });
    const streamed = await streamReportModel(directory, run.results, [], CHUNK);
    expect(streamed!.tasksWithoutSpans).toBe(missing.size);
    expect(streamed).toEqual(await inMemory(directory));
  });

  it('report writes the same HTML and Markdown as from records in memory; a partial run still reports', async () => {
    const run = syntheticRun({ seed: 12, concurrencies: [1, 8], tasksPerLevel: 150 });
    const directory = writeRunDirectory(join(root, 'files'), run);
    const before = await inMemory(directory);
    expect(await reportCommand({ run: directory }, { ...deps, write: () => {} })).toBe(0);
    expect(readFileSync(join(directory, 'report.md'), 'utf8')).toBe(markdownOfModel(before));
    expect(readFileSync(join(directory, 'report.html'), 'utf8')).toBe(htmlOfModel(before));

    // A run killed before results.json: recomputed from its records, torn last line dropped.
    const partial = join(root, 'partial');
    writeRunDirectory(partial, run);
    rmSync(join(partial, 'results.json'));
    writeFileSync(
      join(partial, 'run-plan.json'),
      JSON.stringify({
        runId: 'partial',
        startedAt: run.results.startedAt,
        suiteName: run.results.suite,
        fabric: run.results.fabric,
        simulated: true,
      }),
    );
    const kept: TaskRecord[] = run.tasks.slice(0, 100);
    writeFileSync(
      join(partial, 'tasks.jsonl'),
      `${kept.map((task) => JSON.stringify(task)).join('\n')}\n{"runId":`,
    );
    expect(await reportCommand({ run: partial, format: 'md' }, { ...deps, write: () => {} })).toBe(0);
    expect(readFileSync(join(partial, 'report.md'), 'utf8')).toContain('## The four numbers');
  });
});
