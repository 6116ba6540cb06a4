/**
 * A task whose tools come from a Model Context Protocol server: the MCP
 * project's reference server, started over stdio. Each ctx.tool call is a
 * timed `tool` step; the model calls go to the fabric's `worker` role (the
 * simulator by default).
 *
 *   npx agentperf run examples/mcp-tool/agentperf.ts --levels 1,4 --tasks 20
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { connectMcp, defineSuite, defineTask } from 'agentperf';

const SERVER = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist/index.js',
);

// One session for the run; the tools it lists become the task's tools.
const everything = await connectMcp({
  name: 'everything',
  transport: 'stdio',
  command: process.execPath,
  args: [SERVER, 'stdio'],
  costUsd: 0.0001,
});

interface Sum {
  a: number;
  b: number;
}

const mcpSum = defineTask<Sum>({
  name: 'mcp-sum',
  description: 'Ask the model, add with the MCP server, answer.',
  roles: ['worker'],
  cases: [
    { a: 2, b: 3 },
    { a: 40, b: 2 },
    { a: 7, b: 11 },
  ],
  caseId: (theCase) => `${theCase.a}+${theCase.b}`,
  tools: everything.tools.filter((tool) => tool.name === 'get-sum' || tool.name === 'echo'),
  async agent(ctx) {
    await ctx.chat('worker', {
      messages: [{ role: 'user', content: `What is ${ctx.case.a} + ${ctx.case.b}? Use the sum tool.` }],
      maxTokens: 16,
    });
    const sum = await ctx.tool('get-sum', { a: ctx.case.a, b: ctx.case.b });
    if (!sum.ok) throw new Error(sum.error);
    return sum.text;
  },
  grade({ case: theCase, answer }) {
    const passed = answer.includes(String(theCase.a + theCase.b));
    return { passed, reason: passed ? 'right sum' : `expected ${theCase.a + theCase.b} in "${answer}"` };
  },
});

export default defineSuite({
  name: 'mcp-tool',
  description: 'A task using tools from an MCP server over stdio.',
  tasks: [mcpSum],
  fabrics: {
    sim: {
      description: 'The built-in simulator (simulated numbers).',
      endpoints: { sim: { type: 'simulator' } },
      roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } },
    },
  },
  levels: [1, 4],
  tasksPerLevel: 20,
});
