import { AgentperfError } from '../errors.js';
import { faultOf } from '../fault-class.js';
import { redact } from '../redact.js';
import type {
  CallObserver,
  ChatRequest,
  ChatResult,
  Clock,
  EmbedResult,
  ExternalStep,
  ReferenceTrajectory,
  RerankResult,
  SpanRecord,
  StepKind,
  TaskContext,
  ToolDefinition,
  ToolResult,
} from '../spec/index.js';
import { blankSpan } from './blank-span.js';
import type { Execution } from './execution.js';
import { externalSpan, recordingFetch } from './external-steps.js';
import { summarizeGaps } from './inter-token.js';
import type { RoleRoute } from './route.js';
import { toolFailed, toolOk } from './tool-text.js';

/** Retry and queue waits reported by an adapter during one call. */
class CallWaits implements CallObserver {
  retries = 0;
  retryWaitMs = 0;
  queueWaitMs = 0;
  onRetry(_attempt: number, waitMs: number): void {
    this.retries += 1;
    this.retryWaitMs += waitMs;
  }
  onQueued(waitMs: number): void {
    this.queueWaitMs += waitMs;
  }
}

/** Thrown inside ctx.tool when the task's signal aborted before the tool returned. */
const ABANDONED = Symbol('abandoned');

function messageOf(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

/**
 * The context an agent function receives. Each call becomes one span; a
 * child context (from span()) parents the calls made through it.
 */
export class ExecutionContext<Case = unknown, State = unknown> implements TaskContext<Case, State> {
  private readonly execution: Execution;
  private readonly parentId: string | null;
  private instrumentedFetch: typeof fetch | undefined;

  constructor(execution: Execution, parentId: string | null) {
    this.execution = execution;
    this.parentId = parentId;
  }

  get case(): Case {
    return this.execution.init.theCase as Case;
  }
  get caseId(): string {
    return this.execution.init.caseId;
  }
  get taskExecId(): string {
    return this.execution.init.taskExecId;
  }
  get seed(): number {
    return this.execution.init.seed;
  }
  get state(): State {
    return this.execution.init.state as State;
  }
  get signal(): AbortSignal {
    return this.execution.init.signal;
  }
  get clock(): Clock {
    return this.execution.init.clock;
  }

  /** Made on first use: most agents never touch it. */
  get fetch(): typeof fetch {
    this.instrumentedFetch ??= recordingFetch(this.execution, this.parentId);
    return this.instrumentedFetch;
  }

  recordStep(step: ExternalStep): void {
    this.execution.record(externalSpan(this.execution, this.parentId, step));
  }

  async external<T>(work: () => Promise<T>): Promise<T> {
    const clock = this.execution.init.clock;
    this.execution.stepStarted(clock.now());
    try {
      return await work();
    } finally {
      this.execution.stepEnded(clock.now());
    }
  }

  reference(conversation = 'main'): ReferenceTrajectory | undefined {
    return this.execution.init.references?.[conversation];
  }

  toolDefinitions(names?: string[]): ToolDefinition[] {
    const all = this.execution.init.toolDefinitions;
    if (names === undefined) return all.slice();
    return all.filter((definition) => names.includes(definition.name));
  }

  async chat(role: string, request: ChatRequest): Promise<ChatResult> {
    const route = this.route(role, 'chat');
    const adapter = route.adapter;
    if (adapter.chat === undefined) throw this.capabilityError(route, 'chat');
    // References steer the simulator only; a real vendor must never see them.
    const sent =
      route.simulated || request.reference === undefined ? request : { ...request, reference: undefined };
    const { clock } = this.execution.init;
    const waits = new CallWaits();
    const start = this.begin();
    let result: ChatResult;
    try {
      result = await adapter.chat(route.model, sent, { clock, observer: waits, signal: this.signal });
    } catch (error) {
      this.failModelStep('chat', route, start, waits, error);
      throw error;
    }
    const end = clock.now();
    const first = result.timing.firstTokenAtMs;
    const span = this.modelSpan('chat', route, start, end, waits);
    span.ttftMs = first === null ? null : first - start;
    span.inputTokens = result.usage.inputTokens;
    span.cachedInputTokens = result.usage.cachedInputTokens;
    span.outputTokens = result.usage.outputTokens;
    span.reasoningTokens = result.usage.reasoningTokens;
    span.costUsd = route.cost(result.usage, 1);
    span.finishReason = result.finishReason;
    span.itlMs = summarizeGaps(result.timing.interTokenGapsMs);
    if (!result.usageReported) span.usageEstimated = true;
    this.end(span, end);
    return result;
  }

  async embed(role: string, texts: string[]): Promise<EmbedResult> {
    const route = this.route(role, 'embed');
    const adapter = route.adapter;
    if (adapter.embed === undefined) throw this.capabilityError(route, 'embed');
    const { clock } = this.execution.init;
    const waits = new CallWaits();
    const start = this.begin();
    let result: EmbedResult;
    try {
      result = await adapter.embed(route.model, texts, { clock, observer: waits, signal: this.signal });
    } catch (error) {
      this.failModelStep('embed', route, start, waits, error);
      throw error;
    }
    const end = clock.now();
    const span = this.modelSpan('embed', route, start, end, waits);
    span.inputTokens = result.usage.inputTokens;
    span.costUsd = route.cost(result.usage, 1);
    if (!result.usageReported) span.usageEstimated = true;
    this.end(span, end);
    return result;
  }

  async rerank(
    role: string,
    query: string,
    documents: string[],
    options?: { topN?: number },
  ): Promise<RerankResult> {
    const route = this.route(role, 'rerank');
    const adapter = route.adapter;
    if (adapter.rerank === undefined) throw this.capabilityError(route, 'rerank');
    const { clock } = this.execution.init;
    const waits = new CallWaits();
    const start = this.begin();
    let result: RerankResult;
    try {
      const callOptions = {
        clock,
        observer: waits,
        signal: this.signal,
        ...(options?.topN === undefined ? {} : { topN: options.topN }),
      };
      result = await adapter.rerank(route.model, query, documents, callOptions);
    } catch (error) {
      this.failModelStep('rerank', route, start, waits, error);
      throw error;
    }
    const end = clock.now();
    const span = this.modelSpan('rerank', route, start, end, waits);
    span.inputTokens = result.usage.inputTokens;
    span.costUsd = route.cost(result.usage, 1);
    this.end(span, end);
    return result;
  }

  async tool(name: string, args: Record<string, unknown>): Promise<ToolResult> {
    const init = this.execution.init;
    const tool = init.tools.get(name);
    const start = this.begin();
    let outcome: ToolResult;
    let networkMs: number | null = null;
    if (tool === undefined) {
      const known = [...init.tools.keys()].join(', ') || 'none';
      outcome = toolFailed(`unknown tool "${name}"; this task's tools are: ${known}`);
    } else {
      const env = {
        state: init.state,
        signal: init.signal,
        caseId: init.caseId,
        taskExecId: init.taskExecId,
      };
      try {
        if (tool.placed !== undefined) {
          const placed = await this.abandonOnAbort(tool.placed.call(args, env), name, tool.kind, start);
          networkMs = placed.networkMs;
          if (placed.ok) outcome = toolOk(placed.value);
          else
            outcome = toolFailed(
              placed.known ? redact(placed.error) : `tool "${name}" failed: ${redact(placed.error)}`,
            );
        } else {
          outcome = toolOk(await this.abandonOnAbort(tool.call(args, env), name, tool.kind, start));
        }
      } catch (error) {
        if (error === ABANDONED) throw init.signal.reason;
        const known = AgentperfError.is(error) && error.kind === 'tool';
        outcome = toolFailed(known ? messageOf(error) : `tool "${name}" failed: ${messageOf(error)}`);
      }
    }
    const end = init.clock.now();
    const span = this.baseSpan(tool?.kind ?? 'tool', name, start, end);
    span.endpoint = name;
    span.placement = tool?.placed?.host ?? this.execution.init.agentHost ?? 'local';
    span.networkMs = networkMs === null ? null : Math.min(networkMs, end - start);
    span.simulated = networkMs !== null || tool?.simulatedLatency === true;
    span.costUsd = tool?.costUsd ?? 0;
    if (!outcome.ok) {
      span.status = 'error';
      span.error = outcome.error ?? null;
      span.fault = 'tool error';
    }
    this.end(span, end);
    return outcome;
  }

  /**
   * Settles with the tool's result, or, when the task times out (or the run
   * stops) first, records the call as a step cut short at that moment and
   * rejects with ABANDONED: the task record is written right after the abort,
   * so a span written when a slow tool finally returns would come too late.
   * The tool was given the signal; one that honours it stops its process.
   */
  private abandonOnAbort<T>(
    work: Promise<T>,
    name: string,
    kind: 'tool' | 'retrieval' | undefined,
    start: number,
  ): Promise<T> {
    const init = this.execution.init;
    const signal = init.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const end = init.clock.now();
        const span = this.baseSpan(kind ?? 'tool', name, start, end);
        span.endpoint = name;
        span.placement = init.tools.get(name)?.placed?.host ?? init.agentHost ?? 'local';
        const reason = signal.reason as { name?: string; message?: string } | undefined;
        span.status = reason?.name === 'TimeoutError' ? 'timeout' : 'error';
        span.fault = span.status === 'timeout' ? 'timeout' : 'interrupted';
        span.error = `tool "${name}" was still running when the task ${
          span.status === 'timeout' ? `timed out (${reason?.message ?? 'timeout'})` : 'was stopped'
        }; abandoned`;
        this.end(span, end);
        reject(ABANDONED);
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (failure) => {
          signal.removeEventListener('abort', onAbort);
          reject(failure);
        },
      );
    });
  }

  async span<T>(
    name: string,
    fn: (child: TaskContext<Case, State>) => Promise<T>,
    options?: { kind?: 'custom' | 'retrieval' },
  ): Promise<T> {
    const start = this.begin();
    const spanId = this.execution.nextSpanId();
    const child = new ExecutionContext<Case, State>(this.execution, spanId);
    let failure: unknown;
    let value: T | undefined;
    try {
      value = await fn(child);
    } catch (error) {
      failure = error ?? new Error('span failed');
    }
    const end = this.execution.init.clock.now();
    const span = this.baseSpan(options?.kind ?? 'custom', name, start, end, spanId);
    if (failure !== undefined) {
      span.status = 'error';
      span.error = messageOf(failure);
      span.fault = faultOf(failure);
    }
    this.end(span, end);
    if (failure !== undefined) throw failure;
    return value as T;
  }

  private route(role: string, capability: string): RoleRoute {
    const route = this.execution.init.routes.get(role);
    if (route === undefined) {
      const served = [...this.execution.init.routes.keys()].join(', ') || 'none';
      throw new AgentperfError(
        'config',
        `task "${this.execution.init.task.name}" called ${capability} on role "${role}", which the fabric does not serve`,
        {
          hint: `add "${role}" under the fabric's roles (served now: ${served})`,
        },
      );
    }
    return route;
  }

  private capabilityError(route: RoleRoute, capability: string): AgentperfError {
    return new AgentperfError(
      'config',
      `endpoint "${route.endpointName}" (role "${route.role}") cannot ${capability}`,
      {
        hint: `serve role "${route.role}" with an endpoint that supports ${capability}`,
      },
    );
  }

  private begin(): number {
    if (this.signal.aborted) throw this.signal.reason;
    const start = this.execution.init.clock.now();
    this.execution.stepStarted(start);
    return start;
  }

  private end(span: SpanRecord, at: number): void {
    this.execution.stepEnded(at);
    this.execution.record(span);
  }

  private failModelStep(
    kind: StepKind,
    route: RoleRoute,
    start: number,
    waits: CallWaits,
    error: unknown,
  ): void {
    const end = this.execution.init.clock.now();
    const span = this.modelSpan(kind, route, start, end, waits);
    span.status = 'error';
    span.error = messageOf(error);
    span.fault = faultOf(error);
    // A failed call's tokens are unknown; nothing was billed that we can see.
    span.costUsd = 0;
    this.end(span, end);
  }

  private modelSpan(
    kind: StepKind,
    route: RoleRoute,
    start: number,
    end: number,
    waits: CallWaits,
  ): SpanRecord {
    const span = this.baseSpan(kind, route.model, start, end);
    span.role = route.role;
    span.endpoint = route.endpointName;
    span.placement = route.placement;
    span.simulated = route.simulated;
    span.retries = waits.retries;
    span.retryWaitMs = waits.retryWaitMs;
    span.queueWaitMs = waits.queueWaitMs;
    return span;
  }

  private baseSpan(kind: StepKind, name: string, start: number, end: number, spanId?: string): SpanRecord {
    const execution = this.execution;
    return blankSpan({
      spanId: spanId ?? execution.nextSpanId(),
      taskExecId: execution.init.taskExecId,
      parentId: this.parentId,
      kind,
      name,
      startMs: execution.relative(start),
      endMs: execution.relative(end),
    });
  }
}
