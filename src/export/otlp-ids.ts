import { createHash } from 'node:crypto';

/**
 * OTLP ids derived from agentperf's own ids, so exporting the same run
 * twice yields the same traces (a backend de-duplicates instead of
 * showing two copies).
 */
export function traceIdFor(runId: string, taskExecId: string): string {
  return digest(`trace:${runId}:${taskExecId}`, 32);
}

export function spanIdFor(runId: string, spanId: string): string {
  return digest(`span:${runId}:${spanId}`, 16);
}

function digest(text: string, hexDigits: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, hexDigits);
}
