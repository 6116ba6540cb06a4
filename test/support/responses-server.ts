import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real loopback server speaking the OpenAI Responses API (POST
 * /v1/responses, streamed events or one JSON body) and a chat completions
 * stream that reports no usage. What it does is chosen by the request's
 * `input` text: `ok` (text deltas, then response.completed with usage),
 * `no-usage` (response.completed without usage), `failed`
 * (response.failed), `error` (an `error` event). Deltas are 15 ms apart, so
 * time to first token is a real wait.
 */
export interface ResponsesServer {
  baseUrl: string;
  close(): Promise<void>;
}

const DELTAS = ['Hel', 'lo', ' the', 're'];
const USAGE = {
  input_tokens: 21,
  input_tokens_details: { cached_tokens: 5 },
  output_tokens: 7,
  output_tokens_details: { reasoning_tokens: 2 },
  total_tokens: 28,
};

export async function startResponsesServer(): Promise<ResponsesServer> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => void answer(request, response, JSON.parse(body || '{}')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  body: { model?: string; input?: unknown; stream?: boolean; max_tokens?: number },
): Promise<void> {
  const model = body.model ?? 'gpt-4o-mini';
  if (request.url === '/v1/chat/completions') {
    if (body.stream !== true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          model,
          choices: [{ message: { role: 'assistant', content: 'p' }, finish_reason: 'stop' }],
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const delta of DELTAS) {
      await pause(15);
      response.write(
        `data: ${JSON.stringify({ model, choices: [{ index: 0, delta: { content: delta } }] })}\n\n`,
      );
    }
    response.write(
      `data: ${JSON.stringify({ model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    );
    response.end('data: [DONE]\n\n');
    return;
  }
  const mode = typeof body.input === 'string' ? body.input : 'ok';
  const base = { id: 'resp_1', object: 'response', created_at: 1, model, output: [] as unknown[] };
  const message = {
    id: 'msg_1',
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text: DELTAS.join(''), annotations: [] }],
  };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ...base, status: 'completed', output: [message], usage: USAGE }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  let sequence = 0;
  const send = (type: string, data: Record<string, unknown>) =>
    response.write(
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`,
    );
  send('response.created', { response: { ...base, status: 'in_progress', usage: null, error: null } });
  send('response.output_item.added', {
    output_index: 0,
    item: { ...message, status: 'in_progress', content: [] },
  });
  for (const delta of DELTAS) {
    await pause(15);
    send('response.output_text.delta', { item_id: 'msg_1', output_index: 0, content_index: 0, delta });
    if (mode === 'error' && delta === 'lo') {
      send('error', { code: 'server_error', message: 'the model crashed mid-answer', param: null });
      response.end();
      return;
    }
  }
  send('response.output_text.done', {
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    text: DELTAS.join(''),
  });
  if (mode === 'failed') {
    send('response.failed', {
      response: {
        ...base,
        status: 'failed',
        error: { code: 'server_error', message: 'upstream gave up' },
        usage: null,
      },
    });
  } else {
    send('response.completed', {
      response: {
        ...base,
        status: 'completed',
        output: [message],
        usage: mode === 'no-usage' ? null : USAGE,
      },
    });
  }
  response.end();
}
