import { type LoadedSuite, loadSuiteObject, type SuiteInput } from '../config/index.js';
import type { TaskDefinition } from '../spec/index.js';

/** Roles of the bundled tasks, served by the same model names on every bundled simulator fabric. */
function simulatedFabric(simulatorFabric: string, workerModel: string, description: string) {
  return {
    description,
    endpoints: { sim: { type: 'simulator' as const, fabric: simulatorFabric } },
    roles: {
      planner: { endpoint: 'sim', model: 'llama-3.1-70b' },
      worker: { endpoint: 'sim', model: workerModel },
      embedder: { endpoint: 'sim', model: 'bge-large-en' },
      reranker: { endpoint: 'sim', model: 'bge-reranker' },
    },
  };
}

/**
 * The suite `agentperf run` uses without a suite file: the five bundled
 * tasks on the simulated fabrics. The fabrics differ in placement (one GPU
 * pool vs each role on the hardware that suits it) and in the worker model,
 * so runs on them show both trade-offs the brief talks about.
 */
export const DEFAULT_SUITE: SuiteInput = {
  name: 'agentperf-bundled',
  description:
    'Five representative agent tasks (support, docs-qa, sql-analyst, code-fix, research) on the simulated fabric.',
  tasks: [
    { use: 'support' },
    { use: 'docs-qa' },
    { use: 'sql-analyst' },
    { use: 'code-fix' },
    { use: 'research' },
  ],
  fabrics: {
    'sim-gpu-pool': simulatedFabric(
      'builtin:gpu-pool',
      'llama-3.1-8b',
      'Every role on one pool of H100 GPUs (simulated).',
    ),
    'sim-heterogeneous': simulatedFabric(
      'builtin:heterogeneous',
      'llama-3.1-8b',
      'Each role on the hardware that suits it (simulated).',
    ),
    'sim-gpu-pool-large-worker': simulatedFabric(
      'builtin:gpu-pool',
      'llama-3.1-70b',
      'As sim-gpu-pool, but the worker role runs the 70B model: slower, fewer mistakes (simulated).',
    ),
  },
  fabric: 'sim-gpu-pool',
  levels: [1, 16, 64],
};

/** Resolves a bundled task name to its definition (loaded lazily: tasks carry data generators). */
export async function bundledTask(name: string): Promise<TaskDefinition | undefined> {
  const { bundledTasks } = await import('../suites/index.js');
  return bundledTasks().find((task) => task.name === name);
}

/** The bundled suite, validated like any other. */
export function loadDefaultSuite(): Promise<LoadedSuite> {
  return loadSuiteObject(DEFAULT_SUITE, '(bundled suite)', process.cwd(), bundledTask);
}
