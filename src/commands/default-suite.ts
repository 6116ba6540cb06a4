import { type LoadedSuite, loadSuiteFile, loadSuiteObject, type SuiteInput } from '../config/index.js';
import type { TaskDefinition } from '../spec/index.js';

/** The bundled tasks' calls to remote services (search API, page store, vector store). */
const EXTERNAL_SERVICES = { search: 'search-api', fetch_page: 'web', vector_search: 'vector-db' } as const;
/** The bundled tasks' own tools (SQLite databases, the code sandbox): they run where the agent loop runs. */
const AGENT_SIDE_TOOLS = [
  'find_customer',
  'list_orders',
  'get_order',
  'refund_order',
  'change_address',
  'send_email',
  'run_sql',
  'run_tests',
] as const;

/**
 * Where the agent loop and tools run (simulated network; docs/suite.md):
 * - on the GPU serving hosts: no extra hop to the models, but every external
 *   service is in a neighbouring region, ~20 ms away (AWS neighbouring-region
 *   round trips are ~19.5 ms: N. California–Oregon, Ireland–Frankfurt);
 * - on CPU hosts of their own beside the services (same zone, 0.5 ms: AWS
 *   inter-AZ round trips measure 0.25–3.4 ms), one hop from each model (the
 *   simulator fabric's rttMs).
 */
function placementOn(agentHost: string, serviceLink: { rttMs: number; jitterMs: number }) {
  const tools: Record<string, { host: string; network?: { rttMs: number; jitterMs: number } }> = {};
  for (const [tool, host] of Object.entries(EXTERNAL_SERVICES)) tools[tool] = { host, network: serviceLink };
  for (const tool of AGENT_SIDE_TOOLS) tools[tool] = { host: agentHost };
  return { agent: agentHost, tools };
}

const ON_GPU_HOSTS = placementOn('h100-host', { rttMs: 20, jitterMs: 2 });
const ON_CPU_HOSTS = placementOn('cpu-host', { rttMs: 0.5, jitterMs: 0.1 });

/** Roles of the bundled tasks, served by the same model names on every bundled simulator fabric. */
function simulatedFabric(
  simulatorFabric: string,
  workerModel: string,
  description: string,
  placement: ReturnType<typeof placementOn>,
) {
  return {
    description,
    placement,
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
 * so runs on them show both trade-offs the brief talks about; they also
 * place the agent loop and tools differently (on the GPU hosts, far from the
 * external services, or on CPU hosts beside them).
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
      'Every role on one pool of H100 GPUs; the agent loop and tools on the GPU hosts, 20 ms from the external services (simulated).',
      ON_GPU_HOSTS,
    ),
    'sim-heterogeneous': simulatedFabric(
      'builtin:heterogeneous',
      'llama-3.1-8b',
      'Each role on the hardware that suits it; the agent loop and tools on CPU hosts beside the external services, one hop from each model (simulated).',
      ON_CPU_HOSTS,
    ),
    'sim-gpu-pool-large-worker': simulatedFabric(
      'builtin:gpu-pool',
      'llama-3.1-70b',
      'As sim-gpu-pool, but the worker role runs the 70B model: slower, fewer mistakes (simulated).',
      ON_GPU_HOSTS,
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

/**
 * How an agent worker thread of `run --workers N` loads the suite the main
 * thread runs: the same file (or the bundled suite), loaded again in that thread.
 */
export function loadSuiteForWorker(file: string | null): Promise<LoadedSuite> {
  return file === null ? loadDefaultSuite() : loadSuiteFile(file, bundledTask);
}
