/**
 * The harness's own cost: CPU per step and latency added per step, against
 * a zero-latency loopback endpoint in another process. The baseline is a
 * bare undici loop making the same streamed requests at the same
 * concurrency in this same run, so the figures are ratios, robust to a
 * noisy shared machine.
 *
 *   npm run bench -- harness    (or: node --import tsx bench/harness-overhead.ts)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { defineTask, loadSuiteObject, resolveRun } from '../src/config/index.js';
import { runSuite } from '../src/runner/index.js';

const STEPS_PER_TASK = 10;
const TASKS = Number(process.env.TASKS ?? 400);
const LEVELS = [1, 16];

const chainTask = defineTask<{ id: number }, undefined, string>({
  name: 'chat-chain',
  roles: ['worker'],
  cases: Array.from({ length: 50 }, (_, id) => ({ id })),
  async agent(ctx) {
    let last = '';
    for (let step = 0; step < STEPS_PER_TASK; step++) {
      const result = await ctx.chat('worker', {
        messages: [{ role: 'user', content: `step ${step} of case ${ctx.case.id}` }],
      });
      last = result.content;
    }
    return last;
  },
  grade: ({ answer }) => ({ passed: answer.length > 0 }),
});

async function startServer(): Promise<{ baseUrl: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'loopback-child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return { baseUrl, stop: () => child.kill('SIGTERM') };
}

/** The floor: the same streamed requests with nothing but undici, reading every byte. */
async function bareLoop(
  baseUrl: string,
  concurrency: number,
  calls: number,
): Promise<{ cpuUsPerCall: number; p50Ms: number }> {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const cpuStart = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next += 1;
      const start = performance.now();
      const response = await request(`${baseUrl}/chat/completions`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'loopback',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: `step ${next}` }],
        }),
      });
      for await (const _chunk of response.body) {
        // read to the end, like a client must
      }
      latencies.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuStart);
  await dispatcher.close();
  latencies.sort((a, b) => a - b);
  return {
    cpuUsPerCall: (cpu.user + cpu.system) / calls,
    p50Ms: latencies[Math.floor(latencies.length / 2)]!,
  };
}

/**
 * CPU per step is marginal: the difference between a long and a short run
 * over the difference in steps, so fixed costs (worker start-up, SQLite
 * open, module loading) do not count as per-step cost.
 */
async function harnessRun(
  baseUrl: string,
  concurrency: number,
): Promise<{ cpuUsPerStep: number; chatP50Ms: number; steps: number }> {
  const short = await harnessOnce(baseUrl, concurrency, TASKS / 4);
  const long = await harnessOnce(baseUrl, concurrency, TASKS);
  return {
    cpuUsPerStep: (long.cpuUs - short.cpuUs) / (long.steps - short.steps),
    chatP50Ms: long.chatP50Ms,
    steps: long.steps - short.steps,
  };
}

async function harnessOnce(
  baseUrl: string,
  concurrency: number,
  tasks: number,
): Promise<{ cpuUs: number; chatP50Ms: number; steps: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'agentperf-bench-'));
  try {
    const suite = await loadSuiteObject(
      {
        name: 'bench',
        tasks: [chainTask],
        fabrics: {
          loopback: {
            endpoints: { api: { type: 'openai', baseUrl } },
            roles: {
              worker: { endpoint: 'api', model: 'loopback', prices: { inputPerMTok: 1, outputPerMTok: 1 } },
            },
          },
        },
      },
      '(bench)',
      process.cwd(),
      async () => undefined,
    );
    const run = resolveRun(suite, { levels: String(concurrency), tasks, warmup: concurrency });
    const cpuStart = process.cpuUsage();
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir,
      storePath: join(dir, 'store.db'),
      writeReports: false,
    });
    const cpu = process.cpuUsage(cpuStart);
    const level = outcome.results.levels[0]!;
    const steps = (level.tasksCompleted + level.warmupTasks) * STEPS_PER_TASK;
    return { cpuUs: cpu.user + cpu.system, chatP50Ms: level.byStepKind.chat?.ms.p50 ?? Number.NaN, steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startServer();
try {
  console.log(
    `harness overhead vs a bare undici loop, zero-latency loopback endpoint in another process (${STEPS_PER_TASK} chat steps per task)`,
  );
  console.log('(CPU per step is marginal: long run minus short run, so start-up costs are excluded)');
  console.log(
    'concurrency  steps  harness CPU/step  bare CPU/call  ratio   harness chat p50  bare call p50  added p50',
  );
  for (const concurrency of LEVELS) {
    // Warm both paths once so JIT and connection setup are not measured.
    await bareLoop(server.baseUrl, concurrency, 200);
    const harness = await harnessRun(server.baseUrl, concurrency);
    const bare = await bareLoop(server.baseUrl, concurrency, harness.steps);
    console.log(
      `${String(concurrency).padStart(11)}  ${String(harness.steps).padStart(5)}  ${harness.cpuUsPerStep.toFixed(0).padStart(13)} µs  ${bare.cpuUsPerCall.toFixed(0).padStart(10)} µs  ${(harness.cpuUsPerStep / bare.cpuUsPerCall).toFixed(2).padStart(5)}×  ${harness.chatP50Ms.toFixed(3).padStart(13)} ms  ${bare.p50Ms.toFixed(3).padStart(10)} ms  ${(harness.chatP50Ms - bare.p50Ms).toFixed(3).padStart(6)} ms`,
    );
  }
} finally {
  server.stop();
}
