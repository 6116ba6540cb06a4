import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a one-task TypeScript suite on the built-in simulator into `dir`
 * (with a package.json that makes it an ES module) and returns its path:
 * what a user's own suite file looks like to the built CLI.
 */
export function writeSimSuiteFile(
  dir: string,
  options: { name?: string; levels?: number[]; tasksPerLevel?: number; warmupTasks?: number } = {},
): string {
  const file = join(dir, `${options.name ?? 'sim-suite'}.ts`);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    file,
    `import { defineSuite, defineTask } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
const task = defineTask({
  name: 'echo',
  roles: ['worker'],
  cases: [{ n: 1 }, { n: 2 }, { n: 3 }],
  caseId: (theCase) => String(theCase.n),
  async agent(ctx) {
    const reply = await ctx.chat('worker', { messages: [{ role: 'user', content: 'say hi' }], maxTokens: 4 });
    return reply.text;
  },
  grade: () => ({ passed: true }),
});
export default defineSuite({
  name: ${JSON.stringify(options.name ?? 'sim-suite')},
  tasks: [task],
  fabrics: {
    sim: { endpoints: { sim: { type: 'simulator' } }, roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } } },
  },
  levels: ${JSON.stringify(options.levels ?? [2])},
  tasksPerLevel: ${options.tasksPerLevel ?? 10},
  ${options.warmupTasks === undefined ? '' : `warmupTasks: ${options.warmupTasks},`}
});
`,
  );
  return file;
}
