/**
 * TTFT error: a loopback server (another process) writes its send time
 * (epoch ms) into each stream's first token; the client's reading of that
 * token minus the stamp is how late the client saw it. The harness
 * (ctx.chat, spans and writer included) against a bare undici client that
 * takes the time in the first `data` event, at 1, 100 and 1,000
 * concurrent streams.
 */
import { Agent, request } from 'undici';
import { defineTask } from '../../src/config/index.js';
import { loopbackSuite, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread, quantile, REPETITIONS } from './stats.js';

const STREAMS = (process.env.STREAMS ?? '1,100,1000').split(',').map(Number);
const ROUNDS_AT_ONE = 200;

let errors: number[] = [];

const stampedTask = defineTask<{ id: number }, undefined, string>({
  name: 'stamped',
  roles: ['worker'],
  cases: [{ id: 0 }],
  async agent(ctx) {
    const result = await ctx.chat('worker', { messages: [{ role: 'user', content: 'stamp' }] });
    const stamp = Number.parseFloat(result.content);
    const seen = result.timing.firstTokenAtMs;
    if (seen !== null) errors.push(performance.timeOrigin + seen - stamp);
    return result.content;
  },
  grade: () => ({ passed: true }),
});

async function harness(baseUrl: string, streams: number): Promise<number[]> {
  const suite = await loopbackSuite(baseUrl, [stampedTask]);
  errors = [];
  const tasks = streams === 1 ? ROUNDS_AT_ONE : streams;
  await runInTemp(suite, { levels: String(streams), tasks, warmup: 0 }, () => undefined);
  return errors;
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
    console.log('streams  harness p50     harness p99     undici p50      undici p99      p99 ratio');
    for (const streams of STREAMS) {
      await bare(server.baseUrl, Math.min(streams, 100));
      await harness(server.baseUrl, Math.min(streams, 100));
      const rows: Array<{ h: number[]; u: number[] }> = [];
      for (let rep = 0; rep < REPETITIONS; rep++) {
        rows.push({ h: await harness(server.baseUrl, streams), u: await bare(server.baseUrl, streams) });
      }
      const q = (values: number[], p: number): number => quantile(values, p);
      console.log(
        [
          String(streams).padStart(7),
          formatSpread(
            rows.map((row) => q(row.h, 0.5)),
            2,
          ).padStart(14),
          formatSpread(
            rows.map((row) => q(row.h, 0.99)),
            2,
          ).padStart(14),
          formatSpread(
            rows.map((row) => q(row.u, 0.5)),
            2,
          ).padStart(14),
          formatSpread(
            rows.map((row) => q(row.u, 0.99)),
            2,
          ).padStart(14),
          `${formatSpread(
            rows.map((row) => q(row.h, 0.99) / q(row.u, 0.99)),
            2,
          )}×`.padStart(14),
        ].join('  '),
      );
    }
  } finally {
    server.stop();
  }
}
