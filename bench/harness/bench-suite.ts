import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoadedSuite, loadSuiteObject, resolveRun, type RunOverrides } from '../../src/config/index.js';
import { type RunOutcome, runSuite } from '../../src/runner/index.js';
import type { TaskDefinition } from '../../src/spec/index.js';

/** A suite of the given tasks on one OpenAI-compatible endpoint (role "worker"). */
export function loopbackSuite(baseUrl: string, tasks: TaskDefinition[]): Promise<LoadedSuite> {
  return loadSuiteObject(
    {
      name: 'bench',
      tasks,
      fabrics: {
        loopback: {
          endpoints: { api: { type: 'openai', baseUrl } },
          roles: {
            worker: { endpoint: 'api', model: 'loopback', prices: { inputPerMTok: 1, outputPerMTok: 1 } },
          },
        },
      },
    },
    '(bench)',
    process.cwd(),
    async () => undefined,
  );
}

/** Runs a suite into a temporary directory (store and records included), then removes it. */
export async function runInTemp<T>(
  suite: LoadedSuite,
  overrides: RunOverrides,
  read: (outcome: RunOutcome) => T | Promise<T>,
  extra: { workers?: number } = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'agentperf-bench-'));
  try {
    const run = resolveRun(suite, overrides);
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir,
      storePath: join(dir, 'store.db'),
      writeReports: false,
      ...extra,
    });
    return await read(outcome);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
