import { defineTask } from '../../src/config/index.js';

/** One streamed chat call per task: the task the whole-run memory figures are measured on. */
export const oneCallTask = defineTask<{ id: number }, undefined, string>({
  name: 'one-call',
  roles: ['worker'],
  cases: Array.from({ length: 50 }, (_, id) => ({ id })),
  agent: async (ctx) =>
    (await ctx.chat('worker', { messages: [{ role: 'user', content: `case ${ctx.case.id}` }] })).content,
  grade: () => ({ passed: true }),
});
