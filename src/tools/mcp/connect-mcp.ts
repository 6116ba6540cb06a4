import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AgentperfError, ToolError } from '../../errors.js';
import { trackOpen } from '../../lifecycle/index.js';
import type { JsonSchema, ToolImplementation } from '../../spec/index.js';
import { defineTool } from '../define-tool.js';
import { fromMcpResult, type McpCallResult } from './mcp-result.js';
import type { McpConfig, McpConnection } from './mcp-types.js';

const CLIENT_INFO = { name: 'agentperf', version: '0.1.0' };
const STDERR_TAIL_CHARS = 2000;

/**
 * Connects to a Model Context Protocol server (stdio or Streamable HTTP)
 * with the official SDK, lists its tools and offers each as an agentperf
 * tool whose call is the server's tools/call. The SDK is imported here, on
 * first use, so runs without MCP never load it.
 */
export async function connectMcp(config: McpConfig): Promise<McpConnection> {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client(CLIENT_INFO);
  const { transport, stderrTail } = await createTransport(config);
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => {});
    const detail = stderrTail() ? `; its stderr ended with: ${stderrTail()}` : '';
    throw new AgentperfError(
      'config',
      `MCP server "${config.name}" did not connect: ${messageOf(error)}${detail}`,
      {
        cause: error,
        hint:
          config.transport === 'stdio'
            ? 'check the command and arguments'
            : 'check the URL and that the server runs',
      },
    );
  }
  try {
    const tools = await listAllTools(client);
    const server = client.getServerVersion();
    // A suite may connect at import time and never close; the command closes it on the way out.
    const untrack = trackOpen(`MCP session "${config.name}"`, () => client.close());
    return {
      tools: tools.map((tool) => toToolImplementation(client, config, tool)),
      serverInfo: { name: server?.name ?? config.name, version: server?.version ?? 'unknown' },
      close: () => {
        untrack();
        return client.close();
      },
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}

interface ListedTool {
  name: string;
  description?: string;
  inputSchema: JsonSchema;
}

async function listAllTools(client: Client): Promise<ListedTool[]> {
  const tools: ListedTool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? undefined : { cursor });
    tools.push(...(page.tools as ListedTool[]));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

function toToolImplementation(client: Client, config: McpConfig, listed: ListedTool): ToolImplementation {
  const prefix =
    config.namespace === true
      ? `${config.name}_`
      : typeof config.namespace === 'string'
        ? config.namespace
        : '';
  const tool: ToolImplementation = {
    name: `${prefix}${listed.name}`,
    description: listed.description ?? '',
    parameters: listed.inputSchema,
    kind: 'tool',
    async call(args, env) {
      let result: McpCallResult;
      try {
        const requestOptions = {
          signal: env.signal,
          ...(config.timeoutMs === undefined ? {} : { timeout: config.timeoutMs }),
        };
        result = (await client.callTool(
          { name: listed.name, arguments: args },
          undefined,
          requestOptions,
        )) as McpCallResult;
      } catch (error) {
        throw new ToolError(`MCP tool '${listed.name}' on "${config.name}" failed: ${messageOf(error)}`);
      }
      return fromMcpResult(listed.name, result);
    },
  };
  if (config.costUsd !== undefined) tool.costUsd = config.costUsd;
  try {
    return defineTool(tool);
  } catch {
    // A schema ajv cannot compile is still the server's to enforce.
    return tool;
  }
}

async function createTransport(
  config: McpConfig,
): Promise<{ transport: Transport; stderrTail: () => string }> {
  if (config.transport === 'stdio') {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const transport = new StdioClientTransport({
      command: config.command,
      ...(config.args === undefined ? {} : { args: config.args }),
      ...(config.env === undefined ? {} : { env: config.env }),
      ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
      stderr: 'pipe',
    });
    let tail = '';
    transport.stderr?.on('data', (chunk: Buffer | string) => {
      tail = (tail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    return { transport, stderrTail: () => tail.trim() };
  }
  const { StreamableHTTPClientTransport } = await import(
    '@modelcontextprotocol/sdk/client/streamableHttp.js'
  );
  const transport = new StreamableHTTPClientTransport(new URL(config.url), {
    ...(config.headers === undefined ? {} : { requestInit: { headers: config.headers } }),
  });
  return { transport, stderrTail: () => '' };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
