import { Agent, request } from 'undici';
import { ToolError } from '../../errors.js';

/** A keep-alive client of one bundled service (one pool per service, closed with it). */
export interface ServiceClient {
  post(path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

/** Posts JSON and reads JSON; a 4xx/5xx reply becomes a ToolError the model sees. */
export function serviceClient(baseUrl: string): ServiceClient {
  const dispatcher = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  return {
    async post(path, body, signal) {
      const response = await request(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
        dispatcher,
      });
      const reply = (await response.body.json()) as { error?: string };
      if (response.statusCode >= 400)
        throw new ToolError(`HTTP ${response.statusCode}: ${reply.error ?? 'error'}`);
      return reply;
    },
    close: () => dispatcher.close(),
  };
}
