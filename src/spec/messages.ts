/**
 * The vendor-neutral chat vocabulary every endpoint adapter translates to
 * and from. Tasks speak this; adapters speak wire formats.
 */

/** A JSON Schema object, as offered to a model for tool parameters. */
export type JsonSchema = Record<string, unknown>;

/** A tool call the model asked for. `arguments` is the raw JSON text the model wrote (it may be invalid). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name?: string; content: string; isError?: boolean };

/** A tool as offered to a model. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: JsonSchema;
}

/**
 * One turn of a reference trajectory: what a correct agent does at this
 * point of the conversation. Either it calls tools (possibly several in
 * parallel) or it gives its final answer.
 */
export type ReferenceTurn =
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { answer: string };

/**
 * The turns a correct agent takes for one case in one conversation. Sent
 * only to simulator endpoints (which play it back with per-model error
 * rates); adapters for real vendors never send it.
 */
export interface ReferenceTrajectory {
  turns: ReferenceTurn[];
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: 'auto' | 'none' | 'required' | { name: string };
  /** Cap on output tokens. */
  maxTokens?: number;
  temperature?: number;
  /** Stream the response (default true): needed for time to first token and inter-token gaps. */
  stream?: boolean;
  /** Reference trajectory for the simulator; dropped for every non-simulated endpoint. */
  reference?: ReferenceTrajectory;
  /** Seed forwarded to the simulator so its sampling is deterministic per case. */
  seed?: number;
  /**
   * Generate exactly maxTokens, ignoring end of sequence (vLLM's and the
   * simulator's `ignore_eos`), as trace replay and serving benchmarks do to
   * reproduce recorded output lengths. Servers without it ignore the field.
   */
  ignoreEos?: boolean;
}

export interface TokenUsage {
  /** Prompt tokens, cached ones included. */
  inputTokens: number;
  /** The part of inputTokens served from a prefix cache. */
  cachedInputTokens: number;
  /** Completion tokens, reasoning tokens included. */
  outputTokens: number;
  /** The part of outputTokens spent on hidden reasoning. */
  reasoningTokens: number;
}

/** Clock readings taken while a streamed response arrived, on the harness clock (ms). */
export interface StreamTiming {
  /** When the request was sent. */
  sentAtMs: number;
  /** First content or tool-call delta; null when nothing arrived (or not streamed). */
  firstTokenAtMs: number | null;
  /** Last content or tool-call delta. */
  lastTokenAtMs: number | null;
  /**
   * Gaps between consecutive output tokens, ms. A chunk that carries k
   * tokens contributes k gaps of (chunk gap / k), so the array is per token,
   * not per chunk.
   */
  interTokenGapsMs: number[];
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | (string & {});

export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  usage: TokenUsage;
  /** False when the server sent no usage and the counts are estimates (chars / 4). */
  usageReported: boolean;
  timing: StreamTiming;
  /** The model name the server reported. */
  model: string;
}

export interface EmbedResult {
  vectors: Float32Array[];
  usage: { inputTokens: number };
  usageReported: boolean;
  model: string;
}

export interface RerankResult {
  /** Documents by descending relevance. */
  results: Array<{ index: number; score: number }>;
  usage: { inputTokens: number; searchUnits: number };
  model: string;
}
