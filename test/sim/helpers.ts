import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type SimulatorHandle, startSimulator } from '../../src/sim/index.js';

let fabricDir: string | null = null;
let fabricFiles = 0;

// Registered as the helper loads, so it runs after the importing test file's tests.
afterAll(() => {
  if (fabricDir !== null) rmSync(fabricDir, { recursive: true, force: true });
  fabricDir = null;
});

/**
 * Writes a fabric YAML to a temporary file and returns its path. The files
 * of one test file share a directory, removed after its last test, so a
 * test run leaves nothing in /tmp.
 */
export function fabricFile(yaml: string): string {
  if (fabricDir === null) {
    const dir = mkdtempSync(join(tmpdir(), 'agentperf-sim-'));
    fabricDir = dir;
  }
  fabricFiles += 1;
  const path = join(fabricDir, `fabric-${fabricFiles}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

/** One small 8B chat deployment on H100 with the given serving and extra YAML lines. */
export function smallChatFabric(serving: string, extra = ''): string {
  return fabricFile(`deployments:
  small:
    model: llama-3.1-8b-instruct
    hardware: h100-sxm
    serving: ${serving}
    placement: { label: h100, rttMs: 0 }
    prices: { inputPerMTok: 0.1, outputPerMTok: 0.2 }
${extra}`);
}

export async function withSimulator<T>(
  options: Parameters<typeof startSimulator>[0],
  body: (sim: SimulatorHandle) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await body(sim);
  } finally {
    await sim.close();
  }
}

/** Streams one chat completion with fetch; returns TTFT (ms), chunks and the parsed events. */
export async function streamChat(
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<{ ttftMs: number; totalMs: number; events: Array<Record<string, unknown>>; raw: string }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stream: true, ...body }),
  });
  if (!response.body) throw new Error('no body');
  let ttftMs = -1;
  let raw = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    const text = decoder.decode(chunk as Uint8Array, { stream: true });
    raw += text;
    if (ttftMs < 0 && text.includes('"delta":{"role"')) ttftMs = performance.now() - started;
  }
  const events = raw
    .split('\n\n')
    .map((block) => block.replace(/^data: /, '').trim())
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data) as Record<string, unknown>);
  return { ttftMs, totalMs: performance.now() - started, events, raw };
}

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  const rank = (sorted.length - 1) * fraction;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}
