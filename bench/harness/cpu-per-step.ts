/**
 * Client CPU per streamed model step: the harness against a bare undici
 * loop and autocannon making the same requests to the same zero-latency
 * loopback server (another process), interleaved, REPETITIONS times.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { chainSuiteFile, runInTemp } from './bench-suite.js';
import { STEPS_PER_TASK } from './chain-suite.js';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread, REPETITIONS } from './stats.js';

const TASKS = Number(process.env.TASKS ?? 400);
const LEVELS = (process.env.LEVELS ?? '1,16,64').split(',').map(Number);
const WORKERS = (process.env.WORKERS ?? '1,2').split(',').map(Number);

export { chainTask } from './chain-suite.js';

function body(n: number): string {
  return JSON.stringify({
    model: 'loopback',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `step ${n}` }],
  });
}

interface Cost {
  /** Process CPU (every thread) per call, µs. */
  cpuUs: number;
  /** Main-thread busy time (event-loop utilisation) per call, µs. */
  mainUs: number;
}

function meter(): () => { cpuUs: number; mainUs: number } {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return () => {
    const used = process.cpuUsage(cpu);
    return { cpuUs: used.user + used.system, mainUs: performance.eventLoopUtilization(elu).active * 1000 };
  };
}

/** The floor: the same streamed requests with nothing but undici, reading every byte. */
async function bareUndici(baseUrl: string, concurrency: number, calls: number): Promise<Cost> {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  let next = 0;
  const stop = meter();
  const loop = async (): Promise<void> => {
    while (next < calls) {
      next += 1;
      const response = await request(`${baseUrl}/chat/completions`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: body(next),
      });
      for await (const _chunk of response.body) {
        // read to the end, like a client must
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const used = stop();
  await dispatcher.close();
  return { cpuUs: used.cpuUs / calls, mainUs: used.mainUs / calls };
}

/** autocannon's cost per plain request to the same server: the yardstick. */
async function autocannonRun(baseUrl: string, concurrency: number, calls: number): Promise<Cost> {
  const stop = meter();
  const result = await autocannon({
    url: `${baseUrl}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(0),
    connections: concurrency,
    amount: calls,
  });
  const used = stop();
  const done = result['2xx'];
  return { cpuUs: used.cpuUs / done, mainUs: used.mainUs / done };
}

/**
 * Harness cost per step is marginal and over the level alone: a long
 * level minus a short one over the difference in steps, each metered from
 * the level's start to its end (progress marks them), so neither fixed
 * costs (worker start-up, suite loading, SQLite open) nor JIT warm-up count
 * as per-step cost. Process CPU counts every thread: agent workers, the writer.
 */
async function harness(
  baseUrl: string,
  concurrency: number,
  workers: number,
): Promise<Cost & { steps: number }> {
  const suite = await chainSuiteFile(baseUrl);
  const once = async (tasks: number) => {
    let stop: (() => Cost) | null = null;
    let used: Cost = { cpuUs: 0, mainUs: 0 };
    const steps = await runInTemp(
      suite,
      { levels: String(concurrency), tasks, warmup: concurrency },
      (outcome) => {
        const level = outcome.results.levels[0]!;
        return (level.tasksCompleted + level.warmupTasks) * STEPS_PER_TASK;
      },
      {
        workers,
        progress: {
          levelStarted: () => {
            stop = meter();
          },
          levelFinished: () => {
            used = stop?.() ?? used;
          },
        },
      },
    );
    return { ...used, steps };
  };
  const short = await once(TASKS / 4);
  const long = await once(TASKS);
  const steps = long.steps - short.steps;
  return { cpuUs: (long.cpuUs - short.cpuUs) / steps, mainUs: (long.mainUs - short.mainUs) / steps, steps };
}

export async function cpuPerStep(): Promise<void> {
  const server = await startLoopbackProcess();
  try {
    console.log(
      `### client CPU per streamed step (${STEPS_PER_TASK} chat steps per task, ${TASKS} tasks, loopback server in another process)`,
    );
    console.log(
      'process CPU (all threads) and main-thread busy time, µs per call; min/median/max of',
      REPETITIONS,
    );
    console.log(
      'agents  workers  harness CPU     harness main    undici CPU    autocannon CPU  harness/autocannon  harness/undici',
    );
    for (const concurrency of LEVELS) {
      for (const workers of WORKERS) {
        await bareUndici(server.baseUrl, concurrency, 500);
        await autocannonRun(server.baseUrl, concurrency, 500);
        const rows: Array<{ h: Cost; u: Cost; a: Cost }> = [];
        for (let rep = 0; rep < REPETITIONS; rep++) {
          const h = await harness(server.baseUrl, concurrency, workers);
          const u = await bareUndici(server.baseUrl, concurrency, h.steps);
          const a = await autocannonRun(server.baseUrl, concurrency, h.steps);
          rows.push({ h, u, a });
        }
        console.log(
          [
            String(concurrency).padStart(6),
            String(workers).padStart(7),
            formatSpread(rows.map((row) => row.h.cpuUs)).padStart(14),
            formatSpread(rows.map((row) => row.h.mainUs)).padStart(14),
            formatSpread(rows.map((row) => row.u.cpuUs)).padStart(12),
            formatSpread(rows.map((row) => row.a.cpuUs)).padStart(14),
            `${formatSpread(
              rows.map((row) => row.h.cpuUs / row.a.cpuUs),
              2,
            )}×`.padStart(18),
            `${formatSpread(
              rows.map((row) => row.h.cpuUs / row.u.cpuUs),
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
