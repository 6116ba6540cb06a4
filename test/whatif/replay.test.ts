import { describe, expect, it } from 'vitest';
import { loadSimFabric, VirtualClock } from '../../src/sim/index.js';
import type { SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { buildTaskGraph } from '../../src/whatif/index.js';
import { PrefixModel } from '../../src/whatif/prefix-model.js';
import { replayedRecords } from '../../src/whatif/replay-level.js';
import { simulateLevel, VirtualFabric } from '../../src/whatif/virtual-fabric.js';
import { span, task } from '../metrics/records.js';

/** A task that plans (chat), fans out two tools in parallel, then answers (chat). */
function recordedTask(id: string, offsetMs: number): { task: TaskRecord; spans: SpanRecord[] } {
  const at = (ms: number) => offsetMs + ms;
  const chat = (start: number, end: number, input: number, output: number): SpanRecord =>
    span({
      taskExecId: id,
      kind: 'chat',
      role: 'worker',
      name: 'llama-3.1-8b',
      startMs: at(start),
      endMs: at(end),
      inputTokens: input,
      outputTokens: output,
      ttftMs: 30,
      status: 'ok',
    });
  const spans = [
    chat(2, 200, 600, 20),
    span({ taskExecId: id, kind: 'tool', name: 'search', startMs: at(205), endMs: at(305), costUsd: 0.001 }),
    span({ taskExecId: id, kind: 'tool', name: 'fetch', startMs: at(206), endMs: at(256), costUsd: 0 }),
    chat(310, 500, 900, 40),
  ];
  return {
    task: task({
      taskExecId: id,
      scheduledAtMs: at(0),
      startMs: at(0),
      endMs: at(505),
      pricedCostUsd: 0.001,
    }),
    spans,
  };
}

describe('task graphs', () => {
  it('recovers sequence, parallel fan-out and the measured gaps', () => {
    const { task: record, spans } = recordedTask('c1-0', 1000);
    const graph = buildTaskGraph(record, spans);
    expect(graph.steps.map((step) => step.span.name)).toEqual([
      'llama-3.1-8b',
      'search',
      'fetch',
      'llama-3.1-8b',
    ]);
    expect(graph.steps.map((step) => step.after)).toEqual([[], [0], [0], [0, 1, 2]]);
    expect(graph.steps.map((step) => Math.round(step.gapMs))).toEqual([2, 5, 6, 5]);
    expect(graph.steps.map((step) => step.model)).toEqual(['chat', null, null, 'chat']);
    expect(graph.tailGapMs).toBeCloseTo(5);
  });

  it('replays tool-only executions at exactly their recorded timeline', () => {
    const record = task({ taskExecId: 'c1-0', scheduledAtMs: 0, startMs: 0, endMs: 130 });
    const spans = [
      span({ taskExecId: 'c1-0', kind: 'tool', name: 'a', startMs: 10, endMs: 60 }),
      span({ taskExecId: 'c1-0', kind: 'tool', name: 'b', startMs: 12, endMs: 100 }),
      span({ taskExecId: 'c1-0', kind: 'tool', name: 'c', startMs: 110, endMs: 120 }),
    ];
    const graph = buildTaskGraph(record, spans);
    const clock = new VirtualClock();
    const fabric = new VirtualFabric(loadSimFabric('builtin:gpu-pool'), clock, 1, (model) => model);
    const [replayed] = simulateLevel({
      graphs: [graph],
      load: { mode: 'closed', concurrency: 1 },
      fabric,
      clock,
      prefixes: new PrefixModel([graph]),
      overheads: new Map(),
      setupGapMs: new Map(),
    });
    expect(replayed!.endMs - replayed!.scheduledAtMs).toBeCloseTo(130, 6);
    expect(replayed!.steps.map((step) => [step.startMs, step.endMs])).toEqual([
      [10, 60],
      [12, 100],
      [110, 120],
    ]);
  });

  it('simulates model steps on the target fabric, keeps tool times, and queues agents that share a replica', () => {
    const graphs = Array.from({ length: 8 }, (_, index) => {
      const { task: record, spans } = recordedTask(`c8-${index}`, 0);
      return buildTaskGraph(record, spans);
    });
    const run = (agents: number, fabricName: string) => {
      const clock = new VirtualClock();
      const fabric = new VirtualFabric(loadSimFabric(fabricName), clock, 1, (model) => model);
      const replayed = simulateLevel({
        graphs,
        load: { mode: 'closed', concurrency: agents },
        fabric,
        clock,
        prefixes: new PrefixModel(graphs),
        overheads: new Map(),
        setupGapMs: new Map(),
      });
      return replayedRecords(replayed, 'r', fabricName);
    };
    const alone = run(1, 'builtin:gpu-pool');
    const together = run(8, 'builtin:gpu-pool');
    const elsewhere = run(1, 'builtin:heterogeneous');
    // Tools keep their recorded 100 ms and 50 ms.
    const tools = alone.spans.filter((record) => record.kind === 'tool');
    expect(tools.map((record) => Math.round(record.endMs - record.startMs))).toEqual(
      Array.from({ length: 8 }, () => [100, 50]).flat(),
    );
    // Model steps come from the simulated engine, not from the recording, and are labelled so.
    const chats = alone.spans.filter((record) => record.kind === 'chat');
    expect(chats.every((record) => record.simulated && record.placement === 'h100')).toBe(true);
    expect(chats.some((record) => Math.abs(record.endMs - record.startMs - 198) > 5)).toBe(true);
    // A different fabric's hardware changes the model steps' times and placements.
    const elsewhereChats = elsewhere.spans.filter((record) => record.kind === 'chat');
    expect(elsewhereChats.every((record) => record.placement === 'decode-asic')).toBe(true);
    const mean = (records: TaskRecord[]) =>
      records.reduce((sum, record) => sum + record.e2eMs, 0) / records.length;
    expect(mean(elsewhere.tasks)).not.toBeCloseTo(mean(alone.tasks), 0);
    // Eight agents at once batch on the same replicas: each task is no faster, and the level ends sooner.
    expect(mean(together.tasks)).toBeGreaterThanOrEqual(mean(alone.tasks) * 0.99);
    const span = (records: TaskRecord[]) =>
      Math.max(...records.map((record) => record.endMs)) -
      Math.min(...records.map((record) => record.startMs));
    expect(span(together.tasks)).toBeLessThan(span(alone.tasks) / 3);
    // Costs are repriced at the target fabric's prices; the tool's recorded cost stays.
    expect(alone.tasks[0]!.costUsd).toBeGreaterThan(0.001);
    expect(elsewhere.tasks[0]!.costUsd).not.toBeCloseTo(alone.tasks[0]!.costUsd!, 8);
  });
});
