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
}

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
