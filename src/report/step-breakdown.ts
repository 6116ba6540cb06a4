import { networkOverlapMs } from '../metrics/index.js';
import type { SpanRecord, TaskRecord } from '../spec/index.js';

/**
 * Where a task's time went along its critical path, in report categories:
 * chat splits into prefill (to first token) and decode when the span has a
 * TTFT; waits for a client slot or between retries are their own category,
 * as is the task's wait before it started (open loop) and orchestration (no
 * step in flight). `network` is placed tools' time on the (simulated)
 * network to their host, taken out of tool and retrieval.
 */
export const BREAKDOWN_CATEGORIES = [
  'chat prefill',
  'chat decode',
  'chat',
  'tool',
  'retrieval',
  'network',
  'embed',
  'rerank',
  'custom',
  'queue/retry wait',
  'orchestration',
] as const;

export type BreakdownCategory = (typeof BREAKDOWN_CATEGORIES)[number];

export type CategoryTotals = Record<BreakdownCategory, number>;

/**
 * The fields of a span that the breakdown and the waterfall read: what a
 * streamed report keeps of a span until its task is folded (a few numbers
 * and strings, not the whole record).
 */
export type FoldedSpan = Pick<
  SpanRecord,
  | 'spanId'
  | 'parentId'
  | 'kind'
  | 'name'
  | 'startMs'
  | 'endMs'
  | 'ttftMs'
  | 'status'
  | 'error'
  | 'queueWaitMs'
  | 'retryWaitMs'
  | 'networkMs'
>;

/** A span's FoldedSpan, as one object of one fixed shape. */
export function foldedSpan(span: SpanRecord): FoldedSpan {
  return {
    spanId: span.spanId,
    parentId: span.parentId,
    kind: span.kind,
    name: span.name,
    startMs: span.startMs,
    endMs: span.endMs,
    ttftMs: span.ttftMs,
    status: span.status,
    error: span.error,
    queueWaitMs: span.queueWaitMs,
    retryWaitMs: span.retryWaitMs,
    networkMs: span.networkMs ?? null,
  };
}

export function emptyTotals(): CategoryTotals {
  return Object.fromEntries(BREAKDOWN_CATEGORIES.map((category) => [category, 0])) as CategoryTotals;
}

/**
 * Adds one task's critical-path time per category to `totals`. Walks back
 * from the task's end: at each point the step in flight that ended latest
 * is what the task was waiting on; time with no step in flight is
 * orchestration. Only leaf spans count (a parent's time is its children's),
 * and recorded orchestration/queue spans are recomputed rather than trusted
 * so the categories always add up to the task's end-to-end latency.
 */
export function addTaskBreakdown(
  task: Pick<TaskRecord, 'scheduledAtMs' | 'startMs' | 'endMs'>,
  spans: readonly FoldedSpan[],
  totals: CategoryTotals,
): void {
  totals['queue/retry wait'] += Math.max(0, task.startMs - task.scheduledAtMs);
  const parents = new Set<string>();
  for (const span of spans) if (span.parentId !== null) parents.add(span.parentId);
  const leaves = spans
    .filter((span) => !parents.has(span.spanId) && span.kind !== 'orchestration' && span.kind !== 'queue')
    .sort((left, right) => right.endMs - left.endMs);
  let cursor = task.endMs;
  const floor = task.startMs;
  while (cursor > floor) {
    let chosen: FoldedSpan | null = null;
    for (const span of leaves) {
      if (span.startMs < cursor) {
        chosen = span;
        break;
      }
    }
    if (chosen === null) {
      totals.orchestration += cursor - floor;
      break;
    }
    const segmentEnd = Math.min(chosen.endMs, cursor);
    const segmentStart = Math.max(chosen.startMs, floor);
    totals.orchestration += cursor - segmentEnd;
    attributeSpan(chosen, segmentStart, segmentEnd, totals);
    cursor = segmentStart;
  }
}

/** Splits the part [from, to] of a span into its categories, in proportion when only part is on the path. */
function attributeSpan(span: FoldedSpan, from: number, to: number, totals: CategoryTotals): void {
  const duration = span.endMs - span.startMs;
  if (duration <= 0 || to <= from) return;
  const fraction = (to - from) / duration;
  const wait = Math.min(duration, span.queueWaitMs + span.retryWaitMs);
  totals['queue/retry wait'] += wait * fraction;
  const work = (duration - wait) * fraction;
  if (span.kind === 'chat') {
    if (span.ttftMs !== null) {
      const prefill = Math.min(duration - wait, Math.max(0, span.ttftMs - wait));
      totals['chat prefill'] += prefill * fraction;
      totals['chat decode'] += work - prefill * fraction;
    } else totals.chat += work;
    return;
  }
  const category: BreakdownCategory =
    span.kind === 'tool' || span.kind === 'retrieval' || span.kind === 'embed' || span.kind === 'rerank'
      ? span.kind
      : 'custom';
  const network = Math.min(work, networkOverlapMs(span, from, to));
  totals.network += network;
  totals[category] += work - network;
}

/** Shares (0..1) of each category in the totals; all zero when nothing was recorded. */
export function sharesOf(totals: CategoryTotals): CategoryTotals {
  let sum = 0;
  for (const category of BREAKDOWN_CATEGORIES) sum += totals[category];
  const shares = emptyTotals();
  if (sum <= 0) return shares;
  for (const category of BREAKDOWN_CATEGORIES) shares[category] = totals[category] / sum;
  return shares;
}
