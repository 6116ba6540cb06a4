import { Agent, request } from 'undici';
import type { PlacedCallOutcome, PlacedTool, ToolImplementation } from '../../spec/index.js';
import { SERVER_TIMING, type ToolHost, type ToolHostReply } from './tool-host.js';

/** Reads the host's own time on a call from `Server-Timing: tool;dur=X`; null when absent. */
export function serverTimingMs(header: string | string[] | undefined): number | null {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /(?:^|,)\s*tool;dur=([\d.]+)/.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * The caller's side of a tool placed on another host: each call goes to the
 * tool host at `address` (the network relay in front of it, when the link has
 * a delay) over a kept-alive connection, as production clients do, so the
 * TCP handshake is not paid per call. The span's network share is its time
 * minus the host's own time on the call (Server-Timing): both clock readings
 * at the events, nothing estimated.
 */
export function placedTool(
  tool: ToolImplementation,
  options: { host: string; address: { host: string; port: number }; toolHost: ToolHost },
): { tool: ToolImplementation; close(): Promise<void> } {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  const origin = `http://${options.address.host}:${options.address.port}`;
  const remote: PlacedTool = {
    host: options.host,
    async call(args, env): Promise<PlacedCallOutcome> {
      const callId = options.toolHost.register(env);
      const startedAt = performance.now();
      let reply: ToolHostReply;
      let hostMs = 0;
      try {
        const response = await request(`${origin}/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ callId, tool: tool.name, args }),
          signal: env.signal,
          dispatcher,
        });
        reply = (await response.body.json()) as ToolHostReply;
        hostMs = serverTimingMs(response.headers[SERVER_TIMING]) ?? 0;
      } catch (error) {
        options.toolHost.release(callId);
        reply = {
          ok: false,
          error: `tool "${tool.name}" on ${options.host}: ${(error as Error).message}`,
          known: false,
        };
      }
      const networkMs = Math.max(0, performance.now() - startedAt - hostMs);
      return { ...reply, networkMs };
    },
  };
  return { tool: { ...tool, placed: remote }, close: () => dispatcher.close() };
}
