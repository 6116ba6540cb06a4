import { describe, expect, it } from 'vitest';
import { computeLevelResult, SpanCollector } from '../../src/metrics/index.js';
import type { HarnessHealth, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { span, task } from './records.js';

const health: HarnessHealth = {
  eventLoopLagMs: { p50: 0, p99: 0, max: 0 },
  cpuFraction: 0,
  startLagP99Ms: 0,
  warnings: [],
};

function records(): { tasks: TaskRecord[]; spans: SpanRecord[] } {
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  for (let index = 0; index < 40; index++) {
    const start = index * 7;
    const id = `c4-${index}`;
    tasks.push(
      task({
        taskExecId: id,
        task: index % 3 === 0 ? 'a' : 'b',
        warmup: index < 4,
        scheduledAtMs: start,
        startMs: start + (index % 5),
        endMs: start + 30 + (index % 11),
        passed: index % 4 !== 0,
      }),
    );
    spans.push(
      { ...span({ kind: 'queue', startMs: start, endMs: start + (index % 5) }), taskExecId: id },
      { ...span({ kind: 'chat', startMs: start + 5, endMs: start + 18 + (index % 3) }), taskExecId: id },
      { ...span({ kind: 'tool', startMs: start + 19, endMs: start + 25 }), taskExecId: id },
      { ...span({ kind: 'chat', startMs: start + 26, endMs: start + 29 + (index % 7) }), taskExecId: id },
    );
  }
  return { tasks, spans };
}

describe('SpanDigest: a level computed as tasks end equals one computed from every record', () => {
  it('gives the same results.json entry whether spans were kept or digested one task at a time', () => {
    const { tasks, spans } = records();
    const input = {
      label: 'c4',
      mode: 'closed' as const,
      concurrency: 4,
      fabric: 'f',
      harness: health,
      partial: false,
    };
    const fromRecords = computeLevelResult({ ...input, tasks, spans });
    const collector = new SpanCollector();
    // Spans arrive interleaved across tasks, each task's record after its spans.
    for (const record of tasks) {
      for (const item of spans.filter((candidate) => candidate.taskExecId === record.taskExecId)) {
        collector.addSpan(item);
      }
      collector.addTask(record);
    }
    const fromDigest = computeLevelResult({ ...input, tasks, spans: collector.digest });
    expect(fromDigest).toEqual(fromRecords);
    // Warm-up spans are out of both; every measured chat span is in.
    expect(fromDigest.byStepKind.chat!.count).toBe(2 * 36);
    expect(fromDigest.stepsPerSecond).toBeGreaterThan(0);
  });
});
