/**
 * One run of TASKS tasks (each one streamed chat call to the zero-latency
 * loopback server at BASE_URL) at CONCURRENCY agents, reports included, in
 * its own process so its peak RSS is the run's own. Prints
 * {"ms": …, "maxRssMiB": …, "tasks": …}.
 */
import { loopbackSuite, runInTemp } from './bench-suite.js';
import { oneCallTask } from './one-call-task.js';

const TASKS = Number(process.env.TASKS ?? 100_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 256);

const suite = await loopbackSuite(process.env.BASE_URL!, [oneCallTask]);
const started = performance.now();
const tasks = await runInTemp(
  suite,
  { levels: String(CONCURRENCY), tasks: TASKS, warmup: 0 },
  (outcome) => outcome.results.levels[0]!.tasksCompleted,
  { writeReports: true },
);
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, tasks }));
