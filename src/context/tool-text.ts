import type { ToolResult } from '../spec/index.js';

/**
 * The text a model receives for a tool outcome. Errors are JSON objects with
 * an `error` key: the simulator and most agent frameworks recognise that.
 */
export function toolResultText(ok: boolean, value: unknown, error: string | undefined): string {
  if (!ok) return JSON.stringify({ error: error ?? 'tool failed' });
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

export function toolOk(value: unknown): ToolResult {
  return { ok: true, value, text: toolResultText(true, value, undefined) };
}

export function toolFailed(error: string): ToolResult {
  return { ok: false, value: undefined, error, text: toolResultText(false, undefined, error) };
}
