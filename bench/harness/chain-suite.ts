/**
 * The CPU section's suite as a module file, so `run --workers N` can load
 * it in each worker thread (a suite built in code cannot cross threads).
 * The loopback server's URL comes from AGENTPERF_BENCH_URL.
 */
import { defineSuite, defineTask } from '../../src/config/index.js';
import { loopbackFabrics } from './loopback-fabric.js';

export const STEPS_PER_TASK = 10;

/** Ten streamed chat steps in a row: the task every CPU figure is measured on. */
export const chainTask = defineTask<{ id: number }, undefined, string>({
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

export default defineSuite({
  name: 'bench',
  tasks: [chainTask],
  fabrics: loopbackFabrics(),
});
