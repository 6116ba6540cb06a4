/**
 * The many-agents section's suite as a module file, so `run --workers N`
 * can load it in each worker thread: one task, one call to a TypeScript
 * tool that waits WAIT_MS, no model. The (unused) endpoint's URL comes
 * from AGENTPERF_BENCH_URL.
 */
import { defineSuite, defineTask } from '../../src/config/index.js';
import { loopbackFabrics } from './loopback-fabric.js';
import { defineTool } from '../../src/tools/index.js';

export const WAIT_MS = 1000;

const wait = defineTool({
  name: 'wait',
  description: 'Waits one second.',
  parameters: { type: 'object', properties: {} },
  call: () => new Promise((resolve) => setTimeout(() => resolve('waited'), WAIT_MS)),
});

export const waitingTask = defineTask<{ id: number }, undefined, unknown>({
  name: 'wait-on-tool',
  roles: [],
  cases: [{ id: 0 }],
  tools: [wait],
  agent: async (ctx) => (await ctx.tool('wait', {})).value,
  grade: ({ answer }) => ({ passed: answer === 'waited' }),
});

export default defineSuite({
  name: 'bench',
  tasks: [waitingTask],
  fabrics: loopbackFabrics(),
});
