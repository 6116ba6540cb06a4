import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentperfError, ToolError } from '../../src/errors.js';
import { type HttpToolResult, httpTool } from '../../src/tools/index.js';
import { toolEnv } from './fixtures/tool-env.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

describe('httpTool', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = await readBody(request);
      seen.push({
        method: request.method!,
        url: request.url!,
        authorization: request.headers.authorization,
        body,
      });
      if (request.url!.startsWith('/orders/o-404')) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such order"}');
      } else if (request.url!.startsWith('/orders/')) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ url: request.url }));
      } else if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(100_000));
      } else if (request.url === '/slow') {
        setTimeout(() => response.end('late'), 2000);
      } else {
        response
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ received: JSON.parse(body) }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const orderParameters = {
    type: 'object',
    properties: { orderId: { type: 'string' }, expand: { type: 'string' } },
    required: ['orderId'],
    additionalProperties: false,
  };

  it('fills the URL template, encodes values, puts the rest in the query and sends headers', async () => {
    const tool = httpTool({
      name: 'get_order',
      description: 'Fetches an order.',
      url: `${base}/orders/{orderId}`,
      parameters: orderParameters,
      headers: { authorization: 'Bearer test-token' },
      costUsd: 0.0002,
    });
    expect(tool.costUsd).toBe(0.0002);
    const result = (await tool.call(
      { orderId: 'o-1/../../admin?x=1', expand: 'items' },
      toolEnv(null),
    )) as HttpToolResult;
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ url: '/orders/o-1%2F..%2F..%2Fadmin%3Fx%3D1?expand=items' });
    expect(seen.at(-1)?.authorization).toBe('Bearer test-token');
  });

  it('sends a JSON body for POST', async () => {
    const tool = httpTool({
      name: 'send_email',
      description: 'Sends an email.',
      method: 'POST',
      url: `${base}/emails`,
      parameters: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' } } },
    });
    const result = (await tool.call({ to: 'a@example.com', subject: 'Hi' }, toolEnv(null))) as HttpToolResult;
    expect(result).toEqual({
      status: 201,
      body: { received: { to: 'a@example.com', subject: 'Hi' } },
      truncated: false,
    });
    expect(seen.at(-1)?.method).toBe('POST');
  });

  it('turns error statuses, timeouts and bad arguments into ToolErrors without leaking headers', async () => {
    const tool = httpTool({
      name: 'get_order',
      description: 'Fetches an order.',
      url: `${base}/orders/{orderId}`,
      parameters: orderParameters,
      headers: { authorization: 'Bearer secret-value' },
    });
    const notFound = await tool.call({ orderId: 'o-404' }, toolEnv(null)).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(ToolError);
    expect((notFound as ToolError).message).toBe('HTTP 404 from /orders/o-404: {"error":"no such order"}');
    await expect(tool.call({ order: 'o-1' }, toolEnv(null))).rejects.toThrow(
      /argument 'orderId': is required/,
    );

    const slow = httpTool({
      name: 'slow',
      description: 'Slow.',
      url: `${base}/slow`,
      parameters: {},
      timeoutMs: 100,
    });
    const timeout = await slow.call({}, toolEnv(null)).catch((error: unknown) => error);
    expect(timeout).toBeInstanceOf(ToolError);
    expect((timeout as ToolError).message).toBe('the request timed out after 100 ms');

    const refused = httpTool({
      name: 'down',
      description: 'Down.',
      url: 'http://127.0.0.1:1/x',
      parameters: {},
    });
    const refusal = await refused.call({}, toolEnv(null)).catch((error: unknown) => error);
    expect((refusal as ToolError).message).toBe('the request failed: ECONNREFUSED');
    for (const error of [notFound, timeout, refusal])
      expect(String((error as Error).message)).not.toContain('secret-value');
  });

  it('truncates large bodies', async () => {
    const tool = httpTool({
      name: 'big',
      description: 'Big.',
      url: `${base}/big`,
      parameters: {},
      maxBodyBytes: 1000,
    });
    const result = (await tool.call({}, toolEnv(null))) as HttpToolResult;
    expect(result.truncated).toBe(true);
    expect(result.body).toBe('x'.repeat(1000));
  });

  it('refuses templates that could change the host', () => {
    for (const url of ['http://{host}/x', 'http://127.0.0.1:{port}/x', '{base}/x', 'not a url']) {
      expect(() => httpTool({ name: 'bad', description: 'Bad.', url, parameters: {} })).toThrow(
        AgentperfError,
      );
    }
  });
});
