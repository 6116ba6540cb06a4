/**
 * What a run records: one SpanRecord per step, one TaskRecord per task
 * execution. These are the lines of spans.jsonl and tasks.jsonl, and every
 * number in results.json is computed from them alone.
 */

/**
 * Step kinds. chat/embed/rerank/tool/retrieval/custom are steps the agent
 * took; `orchestration` is time inside a task when no step was in flight
 * (the agent's own code and handoffs); `queue` is time between a task's
 * scheduled start and its actual start (open loop only).
 */
export type StepKind =
  | 'chat'
  | 'embed'
  | 'rerank'
  | 'tool'
  | 'retrieval'
  | 'custom'
  | 'orchestration'
  | 'queue';

/** Kinds that count as steps for steps per second. */
export const WORK_STEP_KINDS: readonly StepKind[] = [
  'chat',
  'embed',
  'rerank',
  'tool',
  'retrieval',
  'custom',
];

export interface SpanRecord {
  /** Unique within the run. */
  spanId: string;
  taskExecId: string;
  /** The span this one ran inside (ctx.span nesting), or null. */
  parentId: string | null;
  kind: StepKind;
  /** The role for model steps; null for tools and custom spans. */
  role: string | null;
  /** Model name, tool name or custom span name. */
  name: string;
  /** Endpoint name in the fabric (model steps), tool name (tools), or null. */
  endpoint: string | null;
  placement: string | null;
  /** Milliseconds since the run started, harness clock. */
  startMs: number;
  endMs: number;
  /** Time to first token from the span's start, for streamed chat; null otherwise. */
  ttftMs: number | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** USD; null when the endpoint has no price (shown as unpriced, never as 0). */
  costUsd: number | null;
  /** `timeout`: the step was still running when its task timed out, and was abandoned. */
  status: 'ok' | 'error' | 'timeout';
  /** Error message (secrets redacted) when status is error or timeout. */
  error: string | null;
  /**
   * Fault class of a failed step (`HTTP 503`, `timeout`, `connection reset`,
   * `stream error`, `tool error`, …); absent when the step succeeded (and in
   * runs recorded before fault classes existed).
   */
  fault?: string;
  /**
   * True when the server reported no usage and the token counts (and so the
   * cost) are estimates: characters / 4 for an adapter, one token per
   * streamed chunk and the request's text / 4 for `ctx.fetch` and the proxy.
   * Absent when the counts were reported.
   */
  usageEstimated?: boolean;
  retries: number;
  /** Total ms spent waiting between retries (part of the span). */
  retryWaitMs: number;
  /** Ms waiting for a client-side concurrency slot (part of the span). */
  queueWaitMs: number;
  finishReason: string | null;
  /** Inter-token gap summary for streamed chat: [count, p50, p95, max] ms; null otherwise. */
  itlMs: [number, number, number, number] | null;
  /**
   * Tool steps of a placed tool: ms of the span spent on the network between
   * the agent host and the tool host (simulated by a loopback relay that held
   * the bytes, plus the loopback transport); the rest is the tool's own time.
   * Null (or absent, in runs recorded before placement existed) when the tool
   * ran beside the agent, and for every other step.
   */
  networkMs?: number | null;
  /** True when produced by the simulator, or when part of the step's time was modelled (network, service time). */
  simulated: boolean;
}

export interface TaskRecord {
  runId: string;
  /** Level label, e.g. "c16" (closed loop, 16 agents) or "r2.5" (open loop, 2.5 tasks/s). */
  level: string;
  task: string;
  caseId: string;
  taskExecId: string;
  /** Fabric name this execution ran on. */
  fabric: string;
  /** Index of the shard that ran it, in a sharded run (`run --shard i/N`); absent otherwise. */
  shard?: number;
  /** True for warm-up executions, which are recorded but excluded from every metric. */
  warmup: boolean;
  /** When the task was due to start (ms since run start). Latency counts from here. */
  scheduledAtMs: number;
  startMs: number;
  endMs: number;
  /** endMs - scheduledAtMs. */
  e2eMs: number;
  passed: boolean;
  score: number;
  /** Why the task failed to complete (exception, timeout, budget); null when it produced an answer. */
  error: string | null;
  /** Fault class of `error` (`HTTP 500`, `timeout`, `tool error`, `grader error`, …); absent when error is null. */
  fault?: string;
  /** Grader's explanation, when it gave one. */
  gradeReason: string | null;
  /** Sum of span costs plus tool costs; null when any step was unpriced. */
  costUsd: number | null;
  /** Sum of the priced part only (always a number). */
  pricedCostUsd: number;
  /** Steps (work kinds only) the task took. */
  steps: number;
  /**
   * Spans recorded for this execution when its record was made, of every
   * kind (its steps and its orchestration and queue gaps): lets a report
   * join a task's spans as soon as the last has been read. Absent in runs
   * recorded before it existed, and for what-if and replay records.
   */
  spans?: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}
