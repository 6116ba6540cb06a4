import { describe, expect, it } from 'vitest';
import { PrefixCache } from '../../src/sim/engine/prefix-cache.js';
import type { SpanRecord } from '../../src/spec/index.js';
import { buildTaskGraph, type TaskGraph } from '../../src/whatif/index.js';
import { PrefixModel } from '../../src/whatif/prefix-model.js';
import { span, task } from '../metrics/records.js';

/** One execution of a case: two worker calls with these token counts. */
function execution(id: string, caseId: string, calls: Array<[number, number]>, firstCached = 0): TaskGraph {
  const spans: SpanRecord[] = calls.map(([input, output], index) =>
    span({
      taskExecId: id,
      kind: 'chat',
      role: 'worker',
      name: 'm',
      startMs: index * 100,
      endMs: index * 100 + 50,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: index === 0 ? firstCached : 0,
      status: 'ok',
    }),
  );
  return buildTaskGraph(task({ taskExecId: id, caseId, startMs: 0, endMs: 300 }), spans);
}

/** Cached tokens of each call of `graph`, on a replica cache that earlier executions warmed. */
function replay(model: PrefixModel, cache: PrefixCache, graph: TaskGraph): number[] {
  return graph.steps.map((step) => {
    const prompt = model.promptBoundaries(graph, step);
    const hit = cache.lookup(prompt);
    cache.insert(prompt, [model.completionBoundary(graph, step)]);
    return hit;
  });
}

describe('what-if prefix model', () => {
  it('lets a repeated case hit its earlier prompts whole, as a live replica would', () => {
    const first = execution('a', 'case-1', [
      [1000, 50],
      [1200, 60],
    ]);
    const again = execution('b', 'case-1', [
      [1000, 50],
      [1200, 60],
    ]);
    const model = new PrefixModel([first, again]);
    const cache = new PrefixCache(1_000_000);
    // First execution: nothing yet but the shared opening (not held), then its own previous turn.
    expect(replay(model, cache, first)).toEqual([0, 1040]);
    // The same case with the same tokens re-sends the same text: each prompt is held whole.
    expect(replay(model, cache, again)).toEqual([992, 1200]);
  });

  it('parts ways with an earlier execution at the first call whose tokens differ', () => {
    const first = execution('a', 'case-1', [
      [1000, 50],
      [1200, 60],
    ]);
    const differs = execution('b', 'case-1', [
      [1000, 70],
      [1200, 60],
    ]);
    const otherCase = execution('c', 'case-2', [
      [1000, 50],
      [1200, 60],
    ]);
    const model = new PrefixModel([first, differs, otherCase]);
    const cache = new PrefixCache(1_000_000);
    replay(model, cache, first);
    // Same first prompt (992 held). A different answer: its second prompt, though as long as the
    // first execution's (1200), is another text, so it reaches only its own first turn (1070 → 1056).
    expect(replay(model, cache, differs)).toEqual([992, 1056]);
    // Another case shares only the task's opening (0.9 of the smallest first prompt).
    expect(replay(model, cache, otherCase)).toEqual([896, 1040]);
  });

  it("takes a task's shared opening from the recording's own cache hits on first-time cases", () => {
    // Recorded: a cold start (0 cached), then two new cases that hit only the 48-token opening
    // (the rest of their prompts is their own retrieved text), then a repeat of the first case.
    const recorded = [
      execution('a', 'case-1', [[400, 30]], 0),
      execution('b', 'case-2', [[410, 30]], 48),
      execution('c', 'case-3', [[405, 30]], 48),
      execution('d', 'case-1', [[400, 30]], 399),
    ];
    const fresh = execution('e', 'case-4', [[420, 30]]);
    const model = new PrefixModel([...recorded, fresh]);
    const cache = new PrefixCache(1_000_000);
    for (const graph of recorded) replay(model, cache, graph);
    // 48, not 0.9 × the smallest first prompt (360): a new case shares only the opening.
    expect(replay(model, cache, fresh)).toEqual([48]);
  });
});
