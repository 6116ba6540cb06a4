import { describe, expect, it } from 'vitest';
import { criticalPath, criticalPathDetail, criticalPathSegments } from '../../src/metrics/index.js';
import type { SpanRecord } from '../../src/spec/index.js';
import { span } from './records.js';

const sum = (byKind: Record<string, number | undefined>) =>
  Object.values(byKind).reduce<number>((total, ms) => total + (ms ?? 0), 0);

describe('critical path', () => {
  const task = { scheduledAtMs: 0, startMs: 0, endMs: 600 };

  it('counts parallel steps once: the longer one determined the end', () => {
    const spans = [
      span({ kind: 'tool', startMs: 0, endMs: 100 }),
      span({ kind: 'tool', startMs: 0, endMs: 300 }),
      span({ kind: 'chat', startMs: 300, endMs: 500 }),
    ];
    expect(criticalPath(spans, task)).toEqual({ tool: 300, chat: 200, orchestration: 100 });
  });

  it('is the same whether or not explicit orchestration and queue spans were recorded', () => {
    const work = [
      span({ kind: 'chat', startMs: 50, endMs: 250 }),
      span({ kind: 'tool', startMs: 270, endMs: 400 }),
    ];
    const openLoopTask = { scheduledAtMs: 0, startMs: 50, endMs: 420 };
    const withGaps = [
      ...work,
      span({ kind: 'queue', startMs: 0, endMs: 50 }),
      span({ kind: 'orchestration', startMs: 250, endMs: 270 }),
      span({ kind: 'orchestration', startMs: 400, endMs: 420 }),
    ];
    const expected = { queue: 50, chat: 200, tool: 130, orchestration: 40 };
    expect(criticalPath(work, openLoopTask)).toEqual(expected);
    expect(criticalPath(withGaps, openLoopTask)).toEqual(expected);
  });

  it('counts from the scheduled start: time before the actual start is queue', () => {
    const spans = [span({ kind: 'chat', startMs: 1050, endMs: 1150 })];
    const late = { scheduledAtMs: 1000, startMs: 1040, endMs: 1200 };
    expect(criticalPath(spans, late)).toEqual({ queue: 40, orchestration: 60, chat: 100 });
  });

  it('gives a custom span the time its children do not cover', () => {
    const parent = span({ kind: 'custom', startMs: 100, endMs: 500 });
    const spans = [
      parent,
      span({ kind: 'chat', startMs: 150, endMs: 250, parentId: parent.spanId }),
      span({ kind: 'tool', startMs: 300, endMs: 450, parentId: parent.spanId }),
    ];
    // orchestration 0-100 and 500-600; custom 100-150, 250-300, 450-500.
    expect(criticalPath(spans, task)).toEqual({ orchestration: 200, custom: 150, chat: 100, tool: 150 });
  });

  it('does not add up parallel children of a custom span', () => {
    const parent = span({ kind: 'retrieval', startMs: 0, endMs: 400 });
    const spans = [
      parent,
      span({ kind: 'embed', startMs: 0, endMs: 300, parentId: parent.spanId }),
      span({ kind: 'rerank', startMs: 0, endMs: 350, parentId: parent.spanId }),
    ];
    expect(criticalPath(spans, { scheduledAtMs: 0, startMs: 0, endMs: 400 })).toEqual({
      rerank: 350,
      retrieval: 50,
    });
  });

  it('gives time to a step still in flight rather than to orchestration', () => {
    const spans = [
      span({ kind: 'chat', startMs: 0, endMs: 300 }),
      span({ kind: 'tool', startMs: 200, endMs: 500 }),
    ];
    expect(criticalPath(spans, { scheduledAtMs: 0, startMs: 0, endMs: 500 })).toEqual({
      tool: 300,
      chat: 200,
    });
  });

  it('ignores steps that ended after the task did', () => {
    const spans = [
      span({ kind: 'chat', startMs: 0, endMs: 100 }),
      span({ kind: 'tool', startMs: 50, endMs: 900 }),
    ];
    const result = criticalPath(spans, { scheduledAtMs: 0, startMs: 0, endMs: 200 });
    expect(result.chat).toBe(100);
    expect(sum(result)).toBe(200);
  });

  it('is all orchestration (and queue) for a task without steps', () => {
    expect(criticalPath([], { scheduledAtMs: 0, startMs: 10, endMs: 30 })).toEqual({
      queue: 10,
      orchestration: 20,
    });
  });

  it('sums to e2e on a random tangle of overlapping and nested spans', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const spans: SpanRecord[] = [];
      for (let i = 0; i < 20; i++) {
        const startMs = random() * 900;
        const parent = i > 0 && random() < 0.3 ? spans[Math.floor(random() * spans.length)]! : null;
        spans.push(
          span({
            kind: (['chat', 'tool', 'embed', 'custom'] as const)[i % 4]!,
            startMs,
            endMs: startMs + random() * 200,
            parentId: parent?.spanId ?? null,
          }),
        );
      }
      const taskTiming = { scheduledAtMs: 0, startMs: 20, endMs: 1000 };
      expect(sum(criticalPath(spans, taskTiming))).toBeCloseTo(1000, 6);
      expect(sum(criticalPathDetail(spans, taskTiming))).toBeCloseTo(1000, 6);
      const segments = criticalPathSegments(spans, taskTiming);
      for (const segment of segments) expect(segment.endMs).toBeGreaterThanOrEqual(segment.startMs);
      // Segments never overlap: each instant is attributed once.
      const ordered = [...segments].sort((a, b) => a.startMs - b.startMs);
      for (let i = 1; i < ordered.length; i++) {
        expect(ordered[i]!.startMs).toBeGreaterThanOrEqual(ordered[i - 1]!.endMs - 1e-9);
      }
    }
  });
});

describe('critical path detail', () => {
  it('splits chat into waits, prefill and decode', () => {
    const spans = [
      span({ kind: 'chat', startMs: 100, endMs: 600, ttftMs: 250, queueWaitMs: 30, retryWaitMs: 70 }),
      span({ kind: 'chat', startMs: 600, endMs: 650, ttftMs: null }),
      span({ kind: 'tool', startMs: 650, endMs: 700, retryWaitMs: 20 }),
    ];
    const detail = criticalPathDetail(spans, { scheduledAtMs: 0, startMs: 50, endMs: 720 });
    // Chat 1: queueWait 100-130, retryWait 130-200, prefill 200-350 (ttft at 350), decode 350-600.
    expect(detail).toEqual({
      queue: 50,
      orchestration: 70,
      queueWait: 30,
      retryWait: 90,
      prefill: 150,
      decode: 250,
      chat: 50,
      tool: 30,
    });
  });
});
