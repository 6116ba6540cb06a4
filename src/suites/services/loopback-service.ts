import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../tools/index.js';
import { SeededRandom } from '../shared/index.js';
import { type ServiceTimeModel, sampleServiceMs } from './service-time.js';

/** One route of a bundled service: the real work on a JSON body, and the service time it is held to. */
export interface ServiceRoute {
  /** Path prefix, e.g. "/search". */
  path: string;
  serviceTime: ServiceTimeModel;
  /** The real work (the corpus search, the page lookup, the vector index); throws for a 4xx. */
  handle(body: Record<string, unknown>, path: string): unknown;
}

/** How a bundled service runs. */
export interface ServiceOptions {
  /** Seeds the service-time draws. */
  seed: number;
  /** Hold replies to the modelled service time (default true); false: answer as soon as the work is done (tests). */
  modelledServiceTime?: boolean;
}

export interface LoopbackService {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Thrown by a route for a client error (unknown id, bad request): answered with this status. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A bundled remote service on loopback: each request does its real work,
 * then its reply is held until the route's modelled service time (drawn
 * from a seeded generator) has passed since the request arrived; when the
 * work took longer, nothing is added. Every reply says which part was work
 * and which was modelled, in a Server-Timing header
 * (`work;dur=…, modelled;dur=…`). Holding is a timer: no CPU is spent.
 * Requests are served in parallel (no queue is modelled: the published
 * figures are at concurrency 1).
 */
export async function startLoopbackService(
  routes: ServiceRoute[],
  options: ServiceOptions,
): Promise<LoopbackService> {
  const random = options.modelledServiceTime === false ? null : new SeededRandom(options.seed);
  const listener = await listenOnLoopback((request, response) => {
    void serve(request, response, routes, random);
  });
  return { baseUrl: listener.baseUrl, close: () => listener.close() };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  routes: readonly ServiceRoute[],
  random: SeededRandom | null,
): Promise<void> {
  const arrivedAt = performance.now();
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const route = routes.find((candidate) => path.startsWith(candidate.path));
  let status = 200;
  let payload: unknown;
  try {
    if (route === undefined) throw new ServiceError(404, `no route for ${path}`);
    const text = Buffer.concat(chunks).toString('utf8');
    payload = route.handle(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), path);
  } catch (error) {
    status = error instanceof ServiceError ? error.status : 400;
    payload = { error: (error as Error).message };
  }
  const workMs = performance.now() - arrivedAt;
  const targetMs = route === undefined || random === null ? 0 : sampleServiceMs(route.serviceTime, random);
  const holdMs = Math.max(0, targetMs - workMs);
  if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
  if (response.destroyed) return;
  response.writeHead(status, {
    'content-type': 'application/json',
    'server-timing': `work;dur=${workMs.toFixed(3)}, modelled;dur=${holdMs.toFixed(3)}`,
  });
  response.end(JSON.stringify(payload));
}
