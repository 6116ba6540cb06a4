import type { JsonSchema } from './messages.js';

/** What a tool implementation receives besides its arguments. */
export interface ToolEnv<State = unknown> {
  /** The per-execution state the task's setup() created (isolated per task execution). */
  state: State;
  signal: AbortSignal;
  caseId: string;
  taskExecId: string;
}

/**
 * A tool an agent can call. Built-ins, MCP-backed tools and user functions
 * all implement this. Throw ToolError for an error the model should see.
 */
export interface ToolImplementation<State = unknown> {
  name: string;
  description: string;
  /** JSON Schema of the arguments object; offered to models as-is. */
  parameters: JsonSchema;
  /** USD charged per call (e.g. an email API, a paid search API). */
  costUsd?: number;
  /** Span kind: 'retrieval' for search/lookup tools, 'tool' otherwise (default). */
  kind?: 'tool' | 'retrieval';
  call(args: Record<string, unknown>, env: ToolEnv<State>): Promise<unknown>;
  /**
   * True when part of the tool's latency is modelled rather than measured
   * work (the bundled remote services hold replies to a published service-time
   * distribution): its spans are labelled simulated.
   */
  simulatedLatency?: boolean;
  /**
   * Set by the runner when the fabric places the tool on another host: the
   * call travels the (simulated) network to that host and reports which part
   * of its time was the network. See src/tools/placement.
   */
  placed?: PlacedTool<State>;
}

/** A tool's remote side, as the fabric placed it. */
export interface PlacedTool<State = unknown> {
  /** Label of the host it runs on. */
  host: string;
  /** Calls the tool on its host; never throws for a tool failure (that is data). */
  call(args: Record<string, unknown>, env: ToolEnv<State>): Promise<PlacedCallOutcome>;
}

/** One call of a placed tool: the outcome and how much of it was the network. */
export type PlacedCallOutcome = (
  | { ok: true; value: unknown }
  | { ok: false; error: string /** A ToolError (the model should see it as is). */; known: boolean }
) & {
  /**
   * Span time not spent executing the tool on its host: the simulated link
   * plus loopback transport, ms; null when the placement has no network (a
   * label only: the tool ran in the agent's process).
   */
  networkMs: number | null;
};

/** What ctx.tool returns: tool errors are data the agent feeds back to the model. */
export interface ToolResult {
  ok: boolean;
  /** The tool's return value (ok) or undefined. */
  value: unknown;
  /** The error message the model should see (not ok). */
  error?: string;
  /** value or error as the text a model receives. */
  text: string;
}
