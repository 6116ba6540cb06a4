/**
 * Open-loop start lateness (actual start minus scheduled arrival) of the
 * harness's dispatcher against a bare dispatcher (one setTimeout per
 * arrival, the same Poisson schedule), at 100, 500 and 2,000 tasks/s, with
 * the tasks started on the main thread and in worker threads (WORKERS,
 * default 1,2). The task does nothing, so what is measured is the
 * dispatcher alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/runner/index.js';
import { benchSuiteFile, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread, quantile, REPETITIONS } from './stats.js';

const RATES = (process.env.RATES ?? '100,500,2000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 2);
/** Agent worker threads (`run --workers`): the main thread schedules, workers start the tasks. */
const WORKERS = (process.env.WORKERS ?? '1,2').split(',').map(Number);

async function harness(baseUrl: string, rate: number, seed: number, workers: number): Promise<number[]> {
  const suite = await benchSuiteFile('idle-suite.ts', baseUrl);
  return runInTemp(
    suite,
    { rate: String(rate), tasks: rate * SECONDS, warmup: 0, seed },
    (outcome) =>
      readFileSync(join(outcome.runDir, 'tasks.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { startMs: number; scheduledAtMs: number })
        .map((task) => task.startMs - task.scheduledAtMs),
    { workers },
  );
}

/** The floor: each arrival's setTimeout set at its due time from the start, nothing else. */
async function bare(rate: number, seed: number): Promise<number[]> {
  const random = seededRandom(seed);
  const total = rate * SECONDS;
  const lateness: number[] = [];
  const start = performance.now();
  let due = start;
  await new Promise<void>((resolve) => {
    for (let n = 0; n < total; n++) {
      if (n > 0) due += (-Math.log(1 - random()) * 1000) / rate;
      const at = due;
      setTimeout(() => {
        lateness.push(performance.now() - at);
        if (lateness.length === total) resolve();
      }, at - performance.now());
    }
  });
  return lateness;
}

export async function openLoopLateness(): Promise<void> {
  const server = await startLoopbackProcess();
  try {
    console.log(
      `### open-loop start lateness, ms (Poisson arrivals, ${SECONDS} s per rate; min/median/max of ${REPETITIONS})`,
    );
    console.log(
      'rate/s  workers  harness p50     harness p99     harness early  bare p50        bare p99        bare early  p99 ratio',
    );
    for (const rate of RATES) {
      for (const workers of WORKERS) {
        await harness(server.baseUrl, Math.min(rate, 200), 1, workers);
        const rows: Array<{ h: number[]; b: number[] }> = [];
        for (let rep = 0; rep < REPETITIONS; rep++) {
          rows.push({
            h: await harness(server.baseUrl, rate, rep + 1, workers),
            b: await bare(rate, rep + 1),
          });
        }
        const early = (values: number[]): number => values.filter((value) => value < 0).length;
        /** One side's quantile per repetition, as min/median/max. */
        const at = (side: 'h' | 'b', q: number): string =>
          formatSpread(
            rows.map((row) => quantile(row[side], q)),
            2,
          ).padStart(14);
        console.log(
          [
            String(rate).padStart(6),
            String(workers).padStart(7),
            at('h', 0.5),
            at('h', 0.99),
            formatSpread(rows.map((row) => early(row.h))).padStart(13),
            at('b', 0.5),
            at('b', 0.99),
            formatSpread(rows.map((row) => early(row.b))).padStart(10),
            `${formatSpread(
              rows.map((row) => quantile(row.h, 0.99) / quantile(row.b, 0.99)),
              2,
            )}×`.padStart(14),
          ].join('  '),
        );
      }
    }
  } finally {
    server.stop();
  }
}
