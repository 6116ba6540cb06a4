import { request } from 'undici';
import { ToolError } from '../../errors.js';
import type { JsonSchema, ToolImplementation } from '../../spec/index.js';
import { defineTool } from '../define-tool.js';
import { parseUrlTemplate } from './url-template.js';

/** Options of httpTool. */
export interface HttpToolOptions {
  name: string;
  description: string;
  /** HTTP method (default GET). */
  method?: string;
  /** URL, possibly with {param} placeholders after the host; requests go to this origin only. */
  url: string;
  /**
   * JSON Schema of the arguments. Arguments named by a placeholder fill it;
   * the rest go to the query string (GET, HEAD, DELETE) or a JSON body.
   */
  parameters: JsonSchema;
  /** Sent with every request (may carry credentials: they never appear in errors). */
  headers?: Record<string, string>;
  /** Whole-request limit, ms (default 10000). */
  timeoutMs?: number;
  /** Bytes of response body kept (default 16000); more sets `truncated`. */
  maxBodyBytes?: number;
  costUsd?: number;
}

/** What the HTTP tool returns: the body parsed as JSON when it is JSON and complete. */
export interface HttpToolResult {
  status: number;
  body: unknown;
  truncated: boolean;
}

const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

/** A tool that calls one HTTP endpoint. Error statuses come back to the model as ToolErrors. */
export function httpTool(options: HttpToolOptions): ToolImplementation {
  const method = (options.method ?? 'GET').toUpperCase();
  const template = parseUrlTemplate(options.url);
  const placeholders = new Set(template.names);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 16_000;
  const tool: ToolImplementation = {
    name: options.name,
    description: options.description,
    parameters: options.parameters,
    kind: 'tool',
    async call(args, env): Promise<HttpToolResult> {
      const url = template.expand(args);
      const rest = Object.entries(args).filter(([key]) => !placeholders.has(key));
      const headers: Record<string, string> = { ...options.headers };
      let body: string | undefined;
      if (BODYLESS.has(method)) {
        for (const [key, value] of rest)
          url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      } else {
        body = JSON.stringify(Object.fromEntries(rest));
        headers['content-type'] ??= 'application/json';
      }
      const signal = AbortSignal.any([env.signal, AbortSignal.timeout(timeoutMs)]);
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(url, { method: method as 'GET', headers, body, signal });
      } catch (error) {
        throw new ToolError(requestFailure(error, timeoutMs, signal, env.signal));
      }
      let read: { text: string; truncated: boolean };
      try {
        read = await readBounded(response.body, maxBodyBytes);
      } catch (error) {
        throw new ToolError(requestFailure(error, timeoutMs, signal, env.signal));
      }
      if (response.statusCode >= 400) {
        throw new ToolError(`HTTP ${response.statusCode} from ${url.pathname}: ${read.text.slice(0, 500)}`);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        body: parseBody(read.text, contentType, read.truncated),
        truncated: read.truncated,
      };
    },
  };
  if (options.costUsd !== undefined) tool.costUsd = options.costUsd;
  return defineTool(tool);
}

async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  limit: number,
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

function parseBody(text: string, contentType: string, truncated: boolean): unknown {
  if (truncated || !/\bjson\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function requestFailure(error: unknown, timeoutMs: number, signal: AbortSignal, outer: AbortSignal): string {
  if (outer.aborted) return 'the request was cancelled';
  if (signal.aborted) return `the request timed out after ${timeoutMs} ms`;
  const code = (error as { code?: unknown }).code;
  return `the request failed: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`;
}
