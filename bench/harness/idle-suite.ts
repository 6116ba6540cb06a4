/**
 * The open-loop section's suite as a module file, so `run --workers N` can
 * load it in each worker thread: a task that does nothing, so what is
 * measured is the dispatcher alone. The (unused) endpoint's URL comes from
 * AGENTPERF_BENCH_URL.
 */
import { defineSuite, defineTask } from '../../src/config/index.js';
import { loopbackFabrics } from './loopback-fabric.js';

export const idleTask = defineTask<{ id: number }, undefined, string>({
  name: 'idle',
  roles: [],
  cases: [{ id: 0 }],
  agent: async () => 'done',
  grade: () => ({ passed: true }),
});

export default defineSuite({
  name: 'bench',
  tasks: [idleTask],
  fabrics: loopbackFabrics(),
});
