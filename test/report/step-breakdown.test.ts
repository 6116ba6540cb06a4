import { describe, expect, it } from 'vitest';
import { addTaskBreakdown, emptyTotals } from '../../src/report/index.js';
import type { TaskRecord } from '../../src/spec/index.js';
import { span } from '../metrics/records.js';

const task = { scheduledAtMs: -4, startMs: 0, endMs: 100 } as TaskRecord;

describe('critical-path breakdown', () => {
  it('follows the step that finished last, splits chat into wait, prefill and decode, and counts gaps as orchestration', () => {
    const totals = emptyTotals();
    addTaskBreakdown(
      task,
      [
        span({ spanId: 'a', kind: 'tool', startMs: 10, endMs: 50 }),
        span({ spanId: 'b', kind: 'retrieval', startMs: 20, endMs: 80 }),
        span({ spanId: 'c', kind: 'chat', startMs: 85, endMs: 95, ttftMs: 3, queueWaitMs: 1 }),
        // A parent span's time is its children's; recorded orchestration is recomputed.
        span({ spanId: 'p', kind: 'custom', startMs: 0, endMs: 100 }),
        span({ spanId: 'x', kind: 'rerank', startMs: 60, endMs: 62, parentId: 'p' }),
        span({ spanId: 'o', kind: 'orchestration', startMs: 95, endMs: 100 }),
      ],
      totals,
    );
    expect(totals['queue/retry wait']).toBeCloseTo(4 + 1, 9);
    expect(totals['chat prefill']).toBeCloseTo(2, 9);
    expect(totals['chat decode']).toBeCloseTo(7, 9);
    expect(totals.retrieval).toBeCloseTo(60, 9);
    expect(totals.tool).toBeCloseTo(10, 9);
    expect(totals.rerank).toBe(0);
    expect(totals.custom).toBe(0);
    expect(totals.orchestration).toBeCloseTo(5 + 5 + 10, 9);
    const sum = Object.values(totals).reduce((total, value) => total + value, 0);
    expect(sum).toBeCloseTo(104, 9);
  });

  it('counts a task without spans as orchestration', () => {
    const totals = emptyTotals();
    addTaskBreakdown(task, [], totals);
    expect(totals.orchestration).toBe(100);
  });
});
