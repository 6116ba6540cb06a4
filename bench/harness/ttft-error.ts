/**
 * TTFT error: a loopback server (another process) writes its send time
 * (epoch ms) into each stream's first token; the client's reading of that
 * token minus the stamp is how late the client saw it. The harness
 * (ctx.chat, spans and writer included) against a bare undici client that
 * takes the time in the first `data` event, at 1, 100 and 1,000
 * concurrent streams, with the harness's agents on the main thread
 * (`--workers 1`) and in worker threads (WORKERS, default 1,2).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import type { TaskRecord } from '../../src/spec/index.js';
import { benchSuiteFile, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread, quantile, REPETITIONS } from './stats.js';

const STREAMS = (process.env.STREAMS ?? '1,100,1000').split(',').map(Number);
/** Agent worker threads for the harness (`run --workers`); each count is its own row. */
const WORKERS = (process.env.WORKERS ?? '1,2').split(',').map(Number);
const ROUNDS_AT_ONE = 200;

/** The harness's TTFT errors of one run, read back from its tasks (stamped-suite.ts grades with them). */
async function harness(baseUrl: string, streams: number, workers: number): Promise<number[]> {
  const suite = await benchSuiteFile('stamped-suite.ts', baseUrl);
  const tasks = streams === 1 ? ROUNDS_AT_ONE : streams;
  return runInTemp(
    suite,
    { levels: String(streams), tasks, warmup: 0 },
    (outcome) =>
      readFileSync(join(outcome.runDir, 'tasks.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => Number.parseFloat((JSON.parse(line) as TaskRecord).gradeReason ?? ''))
        .filter(Number.isFinite),
    { workers },
  );
}

async function bare(baseUrl: string, streams: number): Promise<number[]> {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: streams });
  const found: number[] = [];
  const one = async (): Promise<void> => {
    const response = await request(`${baseUrl}/chat/completions`, {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'loopback',
        stream: true,
        messages: [{ role: 'user', content: 'stamp' }],
      }),
    });
    await new Promise<void>((resolve, reject) => {
      let first = true;
      response.body.on('data', (chunk: Buffer) => {
        if (!first) return;
        first = false;
        const seen = performance.timeOrigin + performance.now();
        const text = chunk.toString();
        const match = /"content":"([0-9.]+)"/.exec(text);
        if (match) found.push(seen - Number.parseFloat(match[1]!));
      });
      response.body.once('end', resolve);
      response.body.once('error', reject);
    });
  };
  if (streams === 1) for (let round = 0; round < ROUNDS_AT_ONE; round++) await one();
  else await Promise.all(Array.from({ length: streams }, one));
  await dispatcher.close();
  return found;
}

export async function ttftError(): Promise<void> {
  // The first token 20 ms after the request, then 20 more 5 ms apart: streams overlap like real ones.
  const server = await startLoopbackProcess({ STAMP: '1', TTFT_MS: '20', INTER_TOKEN_MS: '5', TOKENS: '20' });
  try {
    console.log("### TTFT error: client reading of the first token minus the server's send stamp, ms");
    console.log(`p50 and p99 per repetition, min/median/max of ${REPETITIONS}`);
    console.log(
      'streams  workers  harness p50     harness p99     undici p50      undici p99      p99 ratio',
    );
    for (const streams of STREAMS) {
      for (const workers of WORKERS) {
        await bare(server.baseUrl, Math.min(streams, 100));
        await harness(server.baseUrl, Math.min(streams, 100), workers);
        const rows: Array<{ h: number[]; u: number[] }> = [];
        // Interleaved: each repetition's harness and bare readings share the machine's state.
        for (let rep = 0; rep < REPETITIONS; rep++) {
          rows.push({
            h: await harness(server.baseUrl, streams, workers),
            u: await bare(server.baseUrl, streams),
          });
        }
        const q = (values: number[], p: number): number => quantile(values, p);
        const column = (values: number[], suffix = ''): string =>
          `${formatSpread(values, 2)}${suffix}`.padStart(14);
        console.log(
          [
            String(streams).padStart(7),
            String(workers).padStart(7),
            column(rows.map((row) => q(row.h, 0.5))),
            column(rows.map((row) => q(row.h, 0.99))),
            column(rows.map((row) => q(row.u, 0.5))),
            column(rows.map((row) => q(row.u, 0.99))),
            column(
              rows.map((row) => q(row.h, 0.99) / q(row.u, 0.99)),
              '×',
            ),
          ].join('  '),
        );
      }
    }
  } finally {
    server.stop();
  }
}
