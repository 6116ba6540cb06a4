import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body accepted (long agent conversations stay well below). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

/** Reads and parses a JSON body. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpProblem(400, 'the request body is not a JSON object');
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** An OpenAI-style error body. */
export function sendError(
  response: ServerResponse,
  problem: HttpProblem,
  headers: Record<string, string> = {},
): void {
  sendJson(
    response,
    problem.status,
    { error: { message: problem.message, type: problem.type, param: problem.param, code: problem.code } },
    headers,
  );
}

export function modelNotFound(model: unknown): HttpProblem {
  return new HttpProblem(
    404,
    `The model \`${String(model)}\` does not exist.`,
    'invalid_request_error',
    'model_not_found',
    'model',
  );
}

/**
 * Waits out the placement's network round trip, then (for streams) sends
 * the SSE headers. False when the client went away meanwhile.
 */
export async function openResponse(
  response: ServerResponse,
  stream: boolean,
  rttMs: number,
): Promise<boolean> {
  await delay(rttMs);
  if (response.destroyed) return false;
  if (stream) {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.flushHeaders();
  }
  return true;
}

/** Resolves after ms (at once for 0). */
export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * A write function for a streamed response whose writes within one turn of
 * the event loop leave in one socket write: the response is corked at the
 * first write of a turn and uncorked after it. The tokens of the engine
 * steps applied in one wake, and a stream's closing events, go out
 * together, the way a real server flushes a step's output at once.
 */
/**
 * Ends a streamed response, first sending what this turn corked: since Node
 * 22 an `end()` on a corked response does not flush the corked writes, and
 * the stream's closing events would be lost.
 */
export function endStream(response: ServerResponse, text?: string): void {
  for (let guard = 0; response.writableCorked > 0 && guard < 16; guard++) response.uncork();
  if (text === undefined) response.end();
  else response.end(text);
}

export function coalescedWriter(response: ServerResponse): (text: string) => void {
  let corked = false;
  const uncork = (): void => {
    corked = false;
    response.uncork();
  };
  return (text) => {
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(uncork);
    }
    response.write(text);
  };
}
