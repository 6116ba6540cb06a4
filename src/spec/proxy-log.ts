/**
 * One line of `agentperf proxy`'s call log: the proxy writes it, `replay`
 * reads it back as a trace (one task per task key).
 */
export interface ProxyLogLine {
  /** The `x-agentperf-task` header's value, or null when the agent sent none. */
  taskKey: string | null;
  method: string;
  path: string;
  status: number | null;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  kind: string;
  model: string | null;
  durationMs: number;
  ttftMs: number | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  error: string | null;
}
