/**
 * Measures the AI SDK agent in task.ts. The agent talks to its model
 * through its own provider (AI_SDK_BASE_URL), so the fabric here serves no
 * roles; the steps come from ctx.fetch.
 *
 *   npx agentperf sim                       # prints a base URL
 *   AI_SDK_BASE_URL=<that URL> AI_SDK_MODEL=<a chat model it lists> \
 *     npx agentperf run examples/ai-sdk-agent/agentperf.ts
 */
import { defineSuite } from 'agentperf/task';
import aiSdkAgent from './task.js';

export default defineSuite({
  name: 'ai-sdk-agent',
  description: 'A Vercel AI SDK agent measured through ctx.fetch.',
  tasks: [aiSdkAgent],
  fabrics: { own: { description: "The agent's own provider configuration.", endpoints: {}, roles: {} } },
  levels: [1, 4],
  tasksPerLevel: 20,
});
