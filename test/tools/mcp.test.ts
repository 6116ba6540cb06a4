import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentperfError, ToolError } from '../../src/errors.js';
import type { ToolImplementation } from '../../src/spec/index.js';
import { connectMcp, type McpConfig, type McpConnection } from '../../src/tools/index.js';
import { createFixtureServer } from './fixtures/mcp-fixture-server.js';
import { toolEnv } from './fixtures/tool-env.js';

const STDIO_SERVER = fileURLToPath(new URL('./fixtures/mcp-stdio-server.ts', import.meta.url));

function byName(connection: McpConnection, name: string): ToolImplementation {
  const tool = connection.tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${connection.tools.map((each) => each.name).join(', ')}`);
  return tool;
}

/** The same checks for every transport (one conformance suite per interface). */
function conformance(transport: string, config: () => McpConfig) {
  describe(`MCP over ${transport}`, () => {
    let connection: McpConnection;
    beforeAll(async () => {
      connection = await connectMcp(config());
    });
    afterAll(async () => {
      await connection?.close();
    });

    it('reports the server and lists its tools with their schemas and cost', () => {
      expect(connection.serverInfo).toEqual({ name: 'agentperf-fixture', version: '1.2.3' });
      expect(connection.tools.map((tool) => tool.name).sort()).toEqual([
        'fx_add',
        'fx_environment',
        'fx_lookup_order',
        'fx_order_total',
      ]);
      const add = byName(connection, 'fx_add');
      expect(add.description).toBe('Adds two numbers.');
      expect(add.costUsd).toBe(0.0005);
      expect(add.parameters).toMatchObject({ type: 'object', required: ['a', 'b'] });
    });

    it('calls tools: text, structured content, and isError as ToolError', async () => {
      await expect(byName(connection, 'fx_add').call({ a: 2, b: 40 }, toolEnv(null))).resolves.toBe('42');
      await expect(
        byName(connection, 'fx_order_total').call({ orderId: 'o-9' }, toolEnv(null)),
      ).resolves.toEqual({
        orderId: 'o-9',
        totalCents: 4250,
      });
      const lookup = byName(connection, 'fx_lookup_order');
      await expect(lookup.call({ orderId: 'o-1' }, toolEnv(null))).resolves.toBe('order o-1: 2 items');
      const error = await lookup.call({ orderId: 'o-2' }, toolEnv(null)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).message).toBe('order o-2 not found');
    });

    it('validates arguments before the round trip', async () => {
      const error = await byName(connection, 'fx_add')
        .call({ a: 'two', b: 40 }, toolEnv(null))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).message).toContain("argument 'a': must be number");
    });

    it('serves concurrent calls with their own answers', async () => {
      const add = byName(connection, 'fx_add');
      const sums = await Promise.all(
        Array.from({ length: 20 }, (_, index) => add.call({ a: index, b: 1000 }, toolEnv(null))),
      );
      expect(sums).toEqual(Array.from({ length: 20 }, (_, index) => String(index + 1000)));
    });
  });
}

conformance('stdio', () => ({
  name: 'fx',
  transport: 'stdio',
  command: process.execPath,
  args: ['--import', 'tsx', STDIO_SERVER],
  env: { FIXTURE_GREETING: 'hello' },
  costUsd: 0.0005,
  namespace: true,
}));

let httpServer: Server;
let httpUrl = '';
beforeAll(async () => {
  // Stateless Streamable HTTP: a fresh server and transport per request, as the SDK documents.
  httpServer = createServer(async (request, response) => {
    const server = createFixtureServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

conformance('Streamable HTTP', () => ({
  name: 'fixture',
  transport: 'http',
  url: httpUrl,
  costUsd: 0.0005,
  namespace: 'fx_',
}));

describe('MCP over stdio: environment and failures', () => {
  it("passes the configured environment but not the parent's other variables", async () => {
    process.env.AGENTPERF_FIXTURE_SECRET = 'must-not-leak';
    try {
      const connection = await connectMcp({
        name: 'fx',
        transport: 'stdio',
        command: process.execPath,
        args: ['--import', 'tsx', STDIO_SERVER],
        env: { FIXTURE_GREETING: 'hello' },
      });
      try {
        const seen = await byName(connection, 'environment').call({}, toolEnv(null));
        expect(JSON.parse(String(seen))).toEqual({ greeting: 'hello', secret: null });
      } finally {
        await connection.close();
      }
    } finally {
      delete process.env.AGENTPERF_FIXTURE_SECRET;
    }
  });

  it('names the server that did not start', async () => {
    const error = await connectMcp({
      name: 'broken',
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', 'console.error("boom: missing config"); process.exit(3)'],
    }).catch((caught: unknown) => caught);
    expect(AgentperfError.is(error)).toBe(true);
    expect((error as Error).message).toContain('MCP server "broken" did not connect');
  });

  it('names the HTTP server that is not there', async () => {
    const error = await connectMcp({
      name: 'absent',
      transport: 'http',
      url: 'http://127.0.0.1:1/mcp',
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('MCP server "absent" did not connect');
  });
});
