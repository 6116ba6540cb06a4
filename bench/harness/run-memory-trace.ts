/**
 * Where a run's memory goes over time: one run of TASKS one-call tasks
 * (default 400,000) at 256 agents against the zero-latency loopback server,
 * reports written, printing RSS and heap every EVERY ms (default 10,000),
 * when the level ends and when the reports are written, then the peak RSS.
 *
 *   TASKS=1000000 node --import tsx bench/harness/run-memory-trace.ts
 */
import { loopbackSuite, runInTemp } from './bench-suite.js';
import { oneCallTask } from './one-call-task.js';
import { startLoopbackProcess } from './loopback-process.js';

const TASKS = Number(process.env.TASKS ?? 400_000);
const EVERY_MS = Number(process.env.EVERY ?? 10_000);

const started = performance.now();
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const line = (what: string): void => {
  const memory = process.memoryUsage();
  const at = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${at.padStart(7)} s  ${what.padEnd(15)} rss ${mib(memory.rss)} MiB, heap ${mib(memory.heapUsed)}/${mib(memory.heapTotal)} MiB`,
  );
};

const server = await startLoopbackProcess();
try {
  const suite = await loopbackSuite(server.baseUrl, [oneCallTask]);
  const timer = setInterval(() => line(''), EVERY_MS);
  await runInTemp(suite, { levels: '256', tasks: TASKS, warmup: 0 }, () => line('reports written'), {
    writeReports: true,
    progress: { levelFinished: () => line('level ended') },
  });
  clearInterval(timer);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  server.stop();
}
