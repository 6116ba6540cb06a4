/**
 * Event-loop lag of the harness during a sql-analyst run, with the SQL tool
 * in-thread (before: better-sqlite3 on the main loop) and in the worker
 * pool (after: queries in killable worker processes). Same suite, fabric,
 * seed and load for both; rounds alternate so drift on a shared machine
 * hits both alike. The model is the simulator (simulated); the database,
 * the queries and the event-loop lag are real.
 *
 *   node --import tsx bench/sql-offload.ts        (LEVEL=16 TASKS=64 ROUNDS=2 by default)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuiteObject, resolveRun } from '../src/config/index.js';
import { runSuite } from '../src/runner/index.js';
import type { HarnessHealth, RunResults, TaskDefinition, ToolEnv } from '../src/spec/index.js';
import { analyticsDatabase, sqlAnalystTask } from '../src/suites/sql-analyst/index.js';
import { sqlQueryTool } from '../src/tools/index.js';

const LEVEL = process.env.LEVEL ?? '16';
const TASKS = Number(process.env.TASKS ?? 64);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SEED = 1;

/** The task as it was before the pool: the same agent and grader, queries on the main thread. */
const inThreadTask = {
  ...sqlAnalystTask,
  tools: [
    sqlQueryTool({
      name: 'run_sql',
      description: sqlAnalystTask.tools?.[0]?.description ?? '',
      database: (env: ToolEnv) => (env.state as { db: ReturnType<typeof analyticsDatabase>['db'] }).db,
      maxRows: 50,
      timeoutMs: 5_000,
    }),
  ],
  async prepare(ctx: { seed: number }) {
    analyticsDatabase(ctx.seed);
  },
  setup: (theCase: { seed: number }) => ({ db: analyticsDatabase(theCase.seed).db }),
} as unknown as TaskDefinition;

async function measure(
  task: TaskDefinition,
): Promise<{ harness: HarnessHealth; passRate: number | null; tasks: number }> {
  const suite = await loadSuiteObject(
    {
      name: 'sql-offload',
      tasks: [task],
      fabrics: {
        sim: {
          endpoints: { sim: { type: 'simulator', fabric: 'builtin:gpu-pool' } },
          roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } },
        },
      },
    },
    '(bench sql-offload)',
    process.cwd(),
    async () => undefined,
  );
  const dir = mkdtempSync(join(tmpdir(), 'agentperf-sql-offload-'));
  try {
    const run = resolveRun(suite, { levels: LEVEL, tasks: TASKS, seed: SEED });
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir,
      storePath: join(dir, 'store.db'),
      writeReports: false,
    });
    const results = JSON.parse(readFileSync(join(outcome.runDir, 'results.json'), 'utf8')) as RunResults;
    const level = results.levels[0];
    if (level === undefined) throw new Error('the run has no level');
    return { harness: level.harness, passRate: level.passRate, tasks: level.tasksCompleted };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const variants: Array<[string, TaskDefinition]> = [
  ['before (in-thread)', inThreadTask],
  ['after (worker pool)', sqlAnalystTask as unknown as TaskDefinition],
];
console.log(
  `sql-analyst, simulator builtin:gpu-pool / llama-3.1-8b (simulated), level c${LEVEL}, ${TASKS} tasks`,
);
console.log('variant               round  lag p50 ms  lag p99 ms  lag max ms  cpu   pass  tasks');
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const [name, task] of variants) {
    const { harness, passRate, tasks } = await measure(task);
    const lag = harness.eventLoopLagMs;
    console.log(
      `${name.padEnd(22)}${String(round).padStart(5)}${lag.p50.toFixed(1).padStart(12)}${lag.p99.toFixed(1).padStart(12)}${lag.max.toFixed(1).padStart(12)}${harness.cpuFraction.toFixed(2).padStart(6)}${(passRate ?? Number.NaN).toFixed(2).padStart(6)}${String(tasks).padStart(7)}`,
    );
  }
}
