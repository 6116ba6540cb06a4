import { WORK_STEP_KINDS } from '../spec/index.js';
import type { SpanRecord, StepKind } from '../spec/index.js';
import { type MeasuredWindow, perSecond, windowSeconds } from './measured-window.js';

const WORK_KINDS: ReadonlySet<StepKind> = new Set(WORK_STEP_KINDS);

/**
 * Work steps (chat, embed, rerank, tool, retrieval, custom) that ended
 * inside the window, per second of it. Every work span counts once,
 * failed ones and nested ones included (a custom span and the chat inside
 * it are two steps, as in TaskRecord.steps); recorded queue and
 * orchestration spans are not steps. The caller passes only measured
 * tasks' spans.
 */
export function stepsPerSecond(spans: readonly SpanRecord[], window: MeasuredWindow | null): number {
  if (window === null) return 0;
  let steps = 0;
  for (const span of spans) {
    if (WORK_KINDS.has(span.kind) && span.endMs >= window.startMs && span.endMs <= window.endMs) steps++;
  }
  return perSecond(steps, windowSeconds(window));
}

/** Work steps per second from their end times (a SpanDigest's column): the same count as stepsPerSecond. */
export function stepsPerSecondOfEnds(endsMs: readonly number[], window: MeasuredWindow | null): number {
  if (window === null) return 0;
  let steps = 0;
  for (const endMs of endsMs) if (endMs >= window.startMs && endMs <= window.endMs) steps++;
  return perSecond(steps, windowSeconds(window));
}
