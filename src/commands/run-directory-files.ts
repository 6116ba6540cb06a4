import { UsageError } from '../errors.js';

/** `--model ROLE=MODEL` flags as a map; a UsageError naming the bad one. */
export function parseRoleModels(bindings: readonly string[]): Record<string, string> {
  const models: Record<string, string> = {};
  for (const binding of bindings) {
    const match = /^([^=\s]+)=(\S+)$/.exec(binding);
    if (!match)
      throw new UsageError(`--model ${binding} is not ROLE=MODEL`, 'e.g. --model worker=llama-3.1-8b');
    models[match[1]!] = match[2]!;
  }
  return models;
}

/** Records as JSON lines (the text of tasks.jsonl or spans.jsonl). */
export function jsonLinesText(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + (records.length > 0 ? '\n' : '');
}
