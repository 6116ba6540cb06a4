import type { ToolImplementation } from '../../spec/index.js';

/** Settings shared by both transports. */
interface McpCommonConfig {
  /** Name of the server in this suite; used in errors and as the namespace. */
  name: string;
  /** USD charged per call of any of the server's tools. */
  costUsd?: number;
  /**
   * Prefix tool names so two servers' tools cannot collide: true uses
   * `<name>_`, a string is used as is. Default: the server's own names.
   */
  namespace?: boolean | string;
  /** Per-call limit, ms (default 60000, the SDK's). */
  timeoutMs?: number;
}

/** An MCP server started as a child process, spoken to over stdin/stdout. */
export interface McpStdioConfig extends McpCommonConfig {
  transport: 'stdio';
  command: string;
  args?: string[];
  /** Added to the SDK's safe default environment (PATH, HOME, …); the rest of ours is not passed on. */
  env?: Record<string, string>;
  cwd?: string;
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpConfig extends McpCommonConfig {
  transport: 'http';
  url: string;
  headers?: Record<string, string>;
}

export type McpConfig = McpStdioConfig | McpHttpConfig;

/** A live MCP session: its tools as agentperf tools, and how to end it. */
export interface McpConnection {
  tools: ToolImplementation[];
  serverInfo: { name: string; version: string };
  close(): Promise<void>;
}
