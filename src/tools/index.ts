/** Built-in tools (SQL, search, sandboxed code, HTTP, functions) and the MCP client. */
export { defineTool } from './define-tool.js';
export { functionTool, type FunctionToolOptions } from './function-tool.js';
export { compileArgumentValidator, type ArgumentValidator } from './schema-validator.js';
export { createSandbox } from './sandbox/sandbox.js';
export { permissionFlag, sandboxNodeArguments } from './sandbox/sandbox-process.js';
export type {
  Sandbox,
  SandboxInput,
  SandboxIsolation,
  SandboxOptions,
  SandboxResult,
} from './sandbox/sandbox-types.js';
export { createSearchIndex } from './search/search-index.js';
export { toFtsQuery } from './search/fts-query.js';
export { reciprocalRankFusion } from './search/reciprocal-rank-fusion.js';
export type {
  HybridOptions,
  SearchDocument,
  SearchHit,
  SearchIndex,
  SearchIndexOptions,
} from './search/search-types.js';
export {
  sqlQueryTool,
  type SqlQueryResult,
  type SqlQueryToolDatabaseOptions,
  type SqlQueryToolOptions,
  type SqlQueryToolPoolOptions,
} from './sql/sql-query-tool.js';
export {
  createSqlWorkerPool,
  type SqlQueryOptions,
  type SqlWorkerPool,
  type SqlWorkerPoolOptions,
} from './sql/sql-worker-pool.js';
export { cloneDatabase } from './sql/clone-database.js';
export { httpTool, type HttpToolOptions, type HttpToolResult } from './http/http-tool.js';
export { connectMcp } from './mcp/connect-mcp.js';
export type { McpConfig, McpConnection, McpHttpConfig, McpStdioConfig } from './mcp/mcp-types.js';
export { startToolHost, type ToolHost, type ToolHostReply } from './placement/tool-host.js';
export { placedTool, serverTimingMs } from './placement/placed-tool.js';
export { listenOnLoopback, type LoopbackListener } from './http/listen-loopback.js';
