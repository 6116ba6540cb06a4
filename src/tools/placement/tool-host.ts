import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentperfError } from '../../errors.js';
import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { listenOnLoopback } from '../http/listen-loopback.js';

/**
 * A loopback HTTP service that runs tools, so that a tool the fabric placed
 * on another host is reached over a real connection the network relay can
 * delay. Function tools, the SQL pool and the sandbox keep their own
 * implementation; only the call and its reply cross the (delayed) wire, as
 * JSON, with their real sizes.
 *
 * The host lives in the harness process, so a call's per-execution state
 * (an open database, the task's signal) is not serialised: the caller
 * registers it under a call id and the host looks it up.
 */
export interface ToolHost {
  readonly baseUrl: string;
  readonly port: number;
  /** Registers a call's environment; the returned id goes in the request. Released when the reply is sent. */
  register(env: ToolEnv<unknown>): string;
  /** Forgets a registered call whose request never reached the host. */
  release(callId: string): void;
  close(): Promise<void>;
}

/** The reply body of a tool host. */
export type ToolHostReply = { ok: true; value: unknown } | { ok: false; error: string; known: boolean };

/** Header carrying the host's own time on the call, ms (the standard Server-Timing syntax). */
export const SERVER_TIMING = 'server-timing';

export async function startToolHost(tools: readonly ToolImplementation[]): Promise<ToolHost> {
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  const pending = new Map<string, ToolEnv<unknown>>();
  let nextId = 0;
  const listener = await listenOnLoopback((request, response) => {
    void serve(request, response, byName, pending);
  });
  return {
    baseUrl: listener.baseUrl,
    port: listener.port,
    register(env) {
      const id = String(++nextId);
      pending.set(id, env);
      return id;
    },
    release(callId) {
      pending.delete(callId);
    },
    close: () => listener.close(),
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  tools: ReadonlyMap<string, ToolImplementation>,
  pending: Map<string, ToolEnv<unknown>>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const startedAt = performance.now();
  let reply: ToolHostReply;
  let callId: string | undefined;
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      callId: string;
      tool: string;
      args: Record<string, unknown>;
    };
    callId = body.callId;
    const tool = tools.get(body.tool);
    const env = pending.get(body.callId);
    if (tool === undefined || env === undefined) {
      reply = { ok: false, error: `tool host: no tool "${body.tool}" or call ${body.callId}`, known: false };
    } else {
      reply = { ok: true, value: await tool.call(body.args, env) };
    }
  } catch (error) {
    const known = AgentperfError.is(error) && error.kind === 'tool';
    reply = { ok: false, error: error instanceof Error ? error.message : String(error), known };
  }
  if (callId !== undefined) pending.delete(callId);
  const text = JSON.stringify(reply);
  response.writeHead(200, {
    'content-type': 'application/json',
    [SERVER_TIMING]: `tool;dur=${(performance.now() - startedAt).toFixed(3)}`,
  });
  response.end(text);
}
