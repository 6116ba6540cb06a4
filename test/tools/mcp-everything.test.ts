import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolError } from '../../src/errors.js';
import type { ToolImplementation } from '../../src/spec/index.js';
import { connectMcp, type McpConnection } from '../../src/tools/index.js';
import { toolEnv } from './fixtures/tool-env.js';

// The reference server of the MCP project, started over stdio (offline).
const SERVER = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist/index.js',
);

describe('MCP against @modelcontextprotocol/server-everything over stdio', () => {
  let connection: McpConnection;
  beforeAll(async () => {
    connection = await connectMcp({
      name: 'everything',
      transport: 'stdio',
      command: process.execPath,
      args: [SERVER, 'stdio'],
    });
  });
  afterAll(async () => {
    await connection?.close();
  });
  const tool = (name: string): ToolImplementation => {
    const found = connection.tools.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return found;
  };

  it('lists its tools and calls them', async () => {
    expect(connection.serverInfo.name).toContain('everything');
    await expect(tool('echo').call({ message: 'hi' }, toolEnv(null))).resolves.toBe('Echo: hi');
    await expect(tool('get-sum').call({ a: 2, b: 3 }, toolEnv(null))).resolves.toContain('5');
    await expect(tool('get-sum').call({ a: 2 }, toolEnv(null))).rejects.toBeInstanceOf(ToolError);
  });

  it('passes non-text content through as the content list', async () => {
    const image = (await tool('get-tiny-image').call({}, toolEnv(null))) as Array<{ type: string }>;
    expect(Array.isArray(image)).toBe(true);
    expect(image.map((part) => part.type)).toContain('image');
  });
});
