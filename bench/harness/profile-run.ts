/**
 * One harness run for a CPU profile (docs/performance.md, "top self time"):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/harness/profile-run.ts
 *   node --import tsx bench/harness/top-self-time.ts /tmp/prof/<file>.cpuprofile
 */
import { defineTask } from '../../src/config/index.js';
import { loopbackSuite, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';

const task = defineTask<{ id: number }, undefined, string>({
  name: 'chat-chain',
  roles: ['worker'],
  cases: Array.from({ length: 50 }, (_, id) => ({ id })),
  async agent(ctx) {
    let last = '';
    for (let step = 0; step < 10; step++) {
      last = (await ctx.chat('worker', { messages: [{ role: 'user', content: `step ${step}` }] })).content;
    }
    return last;
  },
  grade: ({ answer }) => ({ passed: answer.length > 0 }),
});

const server = await startLoopbackProcess();
try {
  const suite = await loopbackSuite(server.baseUrl, [task]);
  await runInTemp(
    suite,
    { levels: process.env.AGENTS ?? '16', tasks: Number(process.env.TASKS ?? 2000), warmup: 16 },
    () => undefined,
    {
      workers: Number(process.env.WORKERS ?? 1),
    },
  );
} finally {
  server.stop();
}
