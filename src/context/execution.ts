import type {
  Clock,
  ReferenceTrajectory,
  SpanRecord,
  StepKind,
  TaskDefinition,
  ToolDefinition,
  ToolImplementation,
} from '../spec/index.js';
import { blankSpan } from './blank-span.js';
import type { RoleRoute } from './route.js';

/** Everything one task execution needs, resolved by the runner. */
export interface ExecutionInit {
  runId: string;
  /** Clock reading that is time zero of the run; records are relative to it. */
  runEpoch: number;
  clock: Clock;
  taskExecId: string;
  task: TaskDefinition;
  theCase: unknown;
  caseId: string;
  seed: number;
  state: unknown;
  routes: ReadonlyMap<string, RoleRoute>;
  tools: ReadonlyMap<string, ToolImplementation>;
  /** Label of the host the agent loop runs on (the fabric's placement.agent); null: not placed. */
  agentHost?: string | null;
  toolDefinitions: readonly ToolDefinition[];
  references: Record<string, ReferenceTrajectory> | undefined;
  signal: AbortSignal;
  /** Receives each finished span; must not block. */
  emit(span: SpanRecord): void;
}

/**
 * The bookkeeping of one task execution: span ids, in-flight steps and the
 * totals its task record needs. Orchestration spans are emitted for the
 * gaps when no step was in flight, so the handoff overhead between steps is
 * visible as its own kind.
 */
export class Execution {
  readonly init: ExecutionInit;
  private spanSeq = 0;
  private inFlight = 0;
  private idleSince: number;
  steps = 0;
  /** Spans recorded so far, of every kind. */
  spans = 0;
  inputTokens = 0;
  cachedInputTokens = 0;
  outputTokens = 0;
  pricedCostUsd = 0;
  unpricedSteps = 0;

  constructor(init: ExecutionInit, startedAt: number) {
    this.init = init;
    this.idleSince = startedAt;
  }

  nextSpanId(): string {
    this.spanSeq += 1;
    return `${this.init.taskExecId}.${this.spanSeq}`;
  }

  /** Relative ms since the run started. */
  relative(at: number): number {
    return at - this.init.runEpoch;
  }

  stepStarted(at: number): void {
    if (this.inFlight === 0 && at > this.idleSince) this.emitGap('orchestration', this.idleSince, at);
    this.inFlight += 1;
  }

  stepEnded(at: number): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.idleSince = at;
  }

  /** Closes the execution: the time from the last step to the answer is orchestration too. */
  finish(at: number): void {
    if (this.inFlight === 0 && at > this.idleSince) this.emitGap('orchestration', this.idleSince, at);
  }

  /** Records a span and folds its tokens and cost into the task totals. */
  record(span: SpanRecord): void {
    if (span.kind !== 'orchestration' && span.kind !== 'queue') {
      this.steps += 1;
      this.inputTokens += span.inputTokens;
      this.cachedInputTokens += span.cachedInputTokens;
      this.outputTokens += span.outputTokens;
      if (span.costUsd === null) this.unpricedSteps += 1;
      else this.pricedCostUsd += span.costUsd;
    }
    this.spans += 1;
    this.init.emit(span);
  }

  /** A span for time when no step ran: orchestration inside the task, queue before it started. */
  emitGap(kind: Extract<StepKind, 'orchestration' | 'queue'>, from: number, to: number): void {
    const gap = blankSpan({
      spanId: this.nextSpanId(),
      taskExecId: this.init.taskExecId,
      parentId: null,
      kind,
      name: kind,
      startMs: this.relative(from),
      endMs: this.relative(to),
    });
    // Orchestration is the agent loop's own code: it runs where the fabric placed the loop.
    if (kind === 'orchestration') gap.placement = this.init.agentHost ?? null;
    this.record(gap);
  }
}
