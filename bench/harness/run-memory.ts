/**
 * Peak RSS of whole runs at two sizes (RUN_TASKS, default 100,000 and
 * 1,000,000 tasks of one streamed chat call each, at CONCURRENCY agents,
 * against the zero-latency loopback server in its own process), each run
 * in its own process with its reports written: the run's memory must not
 * grow with its tasks. Prints time and peak RSS per size (min/median/max
 * of RUN_REPS, default 1: a million-task run takes minutes) and the ratio
 * of each size's peak RSS to the smallest's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread } from './stats.js';

const SIZES = (process.env.RUN_TASKS ?? '100000,1000000').split(',').map(Number);
const REPS = Number(process.env.RUN_REPS ?? 1);

interface RunPass {
  ms: number;
  maxRssMiB: number;
  tasks: number;
}

export async function runMemory(): Promise<void> {
  const server = await startLoopbackProcess();
  try {
    console.log(
      `### peak RSS of a whole run (one streamed chat call per task, ${process.env.CONCURRENCY ?? 256} agents, loopback zero-latency server, reports written), each in its own process, min/median/max of ${REPS}`,
    );
    const bySize: RunPass[][] = [];
    for (const size of SIZES) {
      const passes: RunPass[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const child = spawnSync(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, 'run-memory-child.ts')],
          {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
            env: { ...process.env, BASE_URL: server.baseUrl, TASKS: String(size) },
          },
        );
        if (child.status !== 0) throw new Error(`run of ${size} tasks failed: ${child.stderr.slice(-2000)}`);
        passes.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as RunPass);
      }
      bySize.push(passes);
      console.log(
        `${size.toLocaleString('en')} tasks: ${formatSpread(
          passes.map((pass) => pass.ms / 1000),
          0,
        )} s, peak RSS ${formatSpread(passes.map((pass) => pass.maxRssMiB))} MiB (${passes[0]!.tasks.toLocaleString('en')} tasks measured)`,
      );
    }
    for (let index = 1; index < SIZES.length; index++) {
      console.log(
        `peak RSS at ${SIZES[index]!.toLocaleString('en')} / at ${SIZES[0]!.toLocaleString('en')} tasks: ${formatSpread(
          bySize[index]!.map((pass, rep) => pass.maxRssMiB / bySize[0]![rep]!.maxRssMiB),
          2,
        )}×`,
      );
    }
  } finally {
    server.stop();
  }
}
