import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Deployment } from '../deployment.js';
import { handleChat } from './chat-route.js';
import { handleEmbeddings } from './embeddings-route.js';
import { handleMessages } from './messages-route.js';
import { renderMetrics } from './metrics-route.js';
import { handleRerank } from './rerank-route.js';
import { HttpProblem, readJson, sendError, sendJson } from './respond.js';

export interface RouterContext {
  deployments: Map<string, Deployment>;
  seed: number;
  createdS: number;
}

/** The simulator's HTTP server: OpenAI-compatible routes plus rerank and Prometheus metrics. */
export function createSimHttpServer(context: RouterContext): Server {
  const server = createServer((request, response) => {
    route(request, response, context).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const problem =
        error instanceof HttpProblem
          ? error
          : new HttpProblem(500, `simulator error: ${(error as Error).message}`, 'server_error');
      sendError(response, problem);
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  context: RouterContext,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
  const method = request.method ?? 'GET';
  if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
    sendJson(response, 200, {
      object: 'list',
      data: [...context.deployments.keys()].map((id) => ({
        id,
        object: 'model',
        created: context.createdS,
        owned_by: 'agentperf-simulator',
      })),
    });
    return;
  }
  if (method === 'GET' && path === '/metrics') {
    const text = renderMetrics(context.deployments);
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(text);
    return;
  }
  if (method === 'GET' && (path === '/health' || path === '')) {
    sendJson(response, 200, { status: 'ok', simulated: true });
    return;
  }
  if (method !== 'POST')
    throw new HttpProblem(404, `no route ${method} ${path}`, 'invalid_request_error', 'not_found');
  const body = await readJson(request);
  switch (path) {
    case '/v1/chat/completions':
      return handleChat(body, request, response, context);
    case '/v1/embeddings':
      return handleEmbeddings(body, response, context.deployments);
    case '/v1/messages':
      return handleMessages(body, response, context);
    case '/v1/rerank':
    case '/rerank':
      return handleRerank(body, response, context.deployments);
    default:
      throw new HttpProblem(404, `no route POST ${path}`, 'invalid_request_error', 'not_found');
  }
}
