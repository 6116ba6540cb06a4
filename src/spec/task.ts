import type { Clock } from './clock.js';
import type {
  ChatRequest,
  ChatResult,
  EmbedResult,
  ReferenceTrajectory,
  RerankResult,
  ToolDefinition,
} from './messages.js';
import type { ToolImplementation, ToolResult } from './tool.js';

/** A grader's verdict on one task execution. */
export interface Grade {
  passed: boolean;
  /** 0..1; defaults to 1 when passed, 0 otherwise. */
  score?: number;
  /** Why, in a sentence: shown in reports for failed tasks. */
  reason?: string;
}

/**
 * What an agent function receives. Every model, tool and custom call made
 * through it is recorded as a step span; time between steps is recorded as
 * orchestration.
 */
export interface TaskContext<Case = unknown, State = unknown> {
  readonly case: Case;
  readonly caseId: string;
  readonly taskExecId: string;
  /** Seed for this execution: derived from the run seed and the case. */
  readonly seed: number;
  /** Per-execution state from the task's setup(). */
  readonly state: State;
  /** Aborted when the task times out or the run is interrupted. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** A model call on the endpoint that serves `role` in the current fabric. Streams by default. */
  chat(role: string, request: ChatRequest): Promise<ChatResult>;
  embed(role: string, texts: string[]): Promise<EmbedResult>;
  rerank(
    role: string,
    query: string,
    documents: string[],
    options?: { topN?: number },
  ): Promise<RerankResult>;
  /** Calls one of the task's tools. Tool errors come back as data (ok: false), never as exceptions. */
  tool(name: string, args: Record<string, unknown>): Promise<ToolResult>;
  /**
   * Records fn as a custom step (or a retrieval step) named `name`. Calls made
   * through the `child` context fn receives are recorded as its children
   * (an explicit handle rather than async-local storage keeps the per-step
   * path cheap).
   */
  span<T>(
    name: string,
    fn: (child: TaskContext<Case, State>) => Promise<T>,
    options?: { kind?: 'custom' | 'retrieval' },
  ): Promise<T>;
  /** The task's tools as model-facing definitions (optionally only the named ones). */
  toolDefinitions(names?: string[]): ToolDefinition[];
  /** The reference trajectory for a conversation of this case (for the simulator), if the task defines one. */
  reference(conversation?: string): ReferenceTrajectory | undefined;
  /**
   * A fetch that records every call it makes as a step: OpenAI- and
   * Anthropic-shaped model calls with tokens, time to first token and
   * inter-token gaps, streamed through without buffering. Hand it to your
   * SDK (`new OpenAI({ fetch: ctx.fetch })`, AI SDK providers, LangChain).
   */
  readonly fetch: typeof fetch;
  /**
   * Records a step measured outside agentperf (an agent's OpenTelemetry
   * span, a proxy's record), with times on the harness clock.
   */
  recordStep(step: ExternalStep): void;
  /**
   * Awaits work done outside agentperf (a black-box agent's HTTP request)
   * whose steps are recorded later with recordStep: no orchestration gap
   * is recorded while it runs, since its inside is not idle time.
   */
  external<T>(work: () => Promise<T>): Promise<T>;
}

/** A step measured elsewhere, as recordStep takes it. */
export interface ExternalStep {
  kind: 'chat' | 'embed' | 'rerank' | 'tool' | 'retrieval' | 'custom';
  name: string;
  /** Harness clock readings (ctx.clock.now() scale). */
  startAt: number;
  endAt: number;
  /** Harness clock reading of the first token, for streamed model calls. */
  firstTokenAt?: number | null;
  role?: string | null;
  endpoint?: string | null;
  placement?: string | null;
  model?: string | null;
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  /** USD when known; otherwise priced from the model name, or unpriced. */
  costUsd?: number | null;
  status?: 'ok' | 'error';
  error?: string | null;
  /** Fault class when status is error (`HTTP 503`, `timeout`, …); `step error` when not given. */
  fault?: string;
  /** True when the token counts are estimates (the server reported none). */
  usageEstimated?: boolean;
  finishReason?: string | null;
  interTokenGapsMs?: number[];
}

/** What a task's one-off prepare() receives: model access, but no case. */
export interface PrepareContext {
  readonly seed: number;
  readonly signal: AbortSignal;
  embed(role: string, texts: string[]): Promise<EmbedResult>;
  /** Reports progress of long preparation (shown on the terminal). */
  progress(done: number, total: number, what: string): void;
}

/**
 * A representative agent workload: cases + agent + grader.
 *
 * Shared is what prepare() builds once per run (an index); State is what
 * setup() builds per execution (an isolated database copy).
 */
export interface TaskDefinition<Case = unknown, State = unknown, Answer = unknown, Shared = unknown> {
  /** Unique name within the suite (letters, digits, - and _). */
  name: string;
  description?: string;
  /** Roles the agent calls; the fabric must serve each. */
  roles: string[];
  /** The dataset, or a function of the run seed that generates it deterministically. */
  cases: Case[] | ((seed: number) => Case[] | Promise<Case[]>);
  /** Stable id of a case; defaults to its index. */
  caseId?(theCase: Case, index: number): string;
  tools?: ToolImplementation<State>[];
  /** Once per run before any level; timed and reported separately from task latency. */
  prepare?(ctx: PrepareContext): Promise<Shared>;
  /** Per execution, before the clock starts for the agent: builds isolated state. */
  setup?(theCase: Case, shared: Shared, env: { seed: number; taskExecId: string }): Promise<State> | State;
  /** Per execution, after grading. */
  teardown?(state: State): Promise<void> | void;
  agent(ctx: TaskContext<Case, State>): Promise<Answer>;
  grade(input: { case: Case; answer: Answer; state: State }): Grade | Promise<Grade>;
  /** Reference trajectories per conversation name ("main" by default), for the simulator. */
  reference?(theCase: Case): Record<string, ReferenceTrajectory>;
  /** Per-execution timeout, ms (default from the suite). */
  timeoutMs?: number;
}
