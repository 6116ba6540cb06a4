import type { SpanRecord, TaskRecord } from '../spec/index.js';

/** Step kinds a what-if re-simulates on the target fabric; every other step keeps its measured duration. */
export type ModelStepKind = 'chat' | 'embed' | 'rerank';

/** One leaf step of a recorded execution, with what it waited for. */
export interface GraphStep {
  span: SpanRecord;
  /** Indices (in `TaskGraph.steps`) of the steps that had ended when this one started. */
  after: number[];
  /**
   * Time between the latest of those ends (or the task's start) and this
   * step's start, as recorded: the agent's own code between steps, kept
   * as measured.
   */
  gapMs: number;
  /** Re-simulated on the target fabric, or replayed at its recorded duration (tools, retrieval, custom, failed calls). */
  model: ModelStepKind | null;
}

/**
 * A recorded task execution as a graph of steps: which steps ran in
 * sequence and which in parallel (a step depends on every step that had
 * ended when it started: the happens-before order the recording shows),
 * with the measured gaps between them. Spans that contain other spans
 * (ctx.span groups) are not steps; they are rebuilt around their children.
 */
export interface TaskGraph {
  task: TaskRecord;
  steps: GraphStep[];
  /** Spans that enclose others, with their measured margins around their children. */
  groups: Array<{ span: SpanRecord; leadMs: number; tailMs: number }>;
  /** Recorded start − scheduled start (open loop queue; ~0 in closed loop). */
  startDelayMs: number;
  /** Task end − latest step end (final answer assembly). */
  tailGapMs: number;
}

const WORK_KINDS = new Set(['chat', 'embed', 'rerank', 'tool', 'retrieval', 'custom']);
/** Clock readings this close count as the same instant. */
const SAME_INSTANT_MS = 1e-6;

/** Builds the graph of one execution from its task record and spans (spans of other tasks are ignored). */
export function buildTaskGraph(task: TaskRecord, spans: readonly SpanRecord[]): TaskGraph {
  const own = spans.filter((span) => span.taskExecId === task.taskExecId && WORK_KINDS.has(span.kind));
  const parents = new Set<string>();
  for (const span of own) if (span.parentId !== null) parents.add(span.parentId);
  const leaves = own.filter((span) => !parents.has(span.spanId)).sort((a, b) => a.startMs - b.startMs);
  const steps: GraphStep[] = leaves.map((span) => {
    const after: number[] = [];
    let latestEnd = task.startMs;
    leaves.forEach((other, index) => {
      if (other !== span && other.endMs <= span.startMs + SAME_INSTANT_MS) {
        after.push(index);
        latestEnd = Math.max(latestEnd, other.endMs);
      }
    });
    return { span, after, gapMs: Math.max(0, span.startMs - latestEnd), model: modelKindOf(span) };
  });
  const groups = own
    .filter((span) => parents.has(span.spanId))
    .map((span) => {
      const inside = descendants(span, own).filter((child) => !parents.has(child.spanId));
      const first = Math.min(...inside.map((child) => child.startMs));
      const last = Math.max(...inside.map((child) => child.endMs));
      return {
        span,
        leadMs: Number.isFinite(first) ? Math.max(0, first - span.startMs) : 0,
        tailMs: Number.isFinite(last) ? Math.max(0, span.endMs - last) : 0,
      };
    });
  const lastEnd = leaves.reduce((latest, span) => Math.max(latest, span.endMs), task.startMs);
  return {
    task,
    steps,
    groups,
    startDelayMs: Math.max(0, task.startMs - task.scheduledAtMs),
    tailGapMs: Math.max(0, task.endMs - lastEnd),
  };
}

function modelKindOf(span: SpanRecord): ModelStepKind | null {
  if (span.status !== 'ok' || span.retries > 0) return null;
  if (span.kind === 'chat' || span.kind === 'embed' || span.kind === 'rerank') return span.kind;
  return null;
}

function descendants(root: SpanRecord, spans: readonly SpanRecord[]): SpanRecord[] {
  const found: SpanRecord[] = [];
  const frontier = [root.spanId];
  while (frontier.length > 0) {
    const id = frontier.pop()!;
    for (const span of spans) {
      if (span.parentId === id) {
        found.push(span);
        frontier.push(span.spanId);
      }
    }
  }
  return found;
}
