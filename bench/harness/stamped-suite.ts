/**
 * The TTFT section's suite as a module file, so `run --workers N` can load
 * it in each worker thread. The loopback server writes its send time (epoch
 * ms) as the first token; the agent takes the harness's own reading of that
 * token (`timing.firstTokenAtMs`, in the clock of the thread it runs in)
 * minus the stamp, and the grader keeps it as the task's reason, so the
 * figure reaches the bench through tasks.jsonl from any thread.
 * The server's URL comes from AGENTPERF_BENCH_URL.
 */
import { defineSuite, defineTask } from '../../src/config/index.js';
import { loopbackFabrics } from './loopback-fabric.js';

export const stampedTask = defineTask<{ id: number }, undefined, string>({
  name: 'stamped',
  roles: ['worker'],
  cases: [{ id: 0 }],
  async agent(ctx) {
    const result = await ctx.chat('worker', { messages: [{ role: 'user', content: 'stamp' }] });
    const seen = result.timing.firstTokenAtMs;
    if (seen === null) return '';
    return String(performance.timeOrigin + seen - Number.parseFloat(result.content));
  },
  grade: ({ answer }) => ({ passed: answer !== '', reason: answer }),
});

export default defineSuite({
  name: 'bench',
  tasks: [stampedTask],
  fabrics: loopbackFabrics(),
});
