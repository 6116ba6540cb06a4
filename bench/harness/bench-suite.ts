import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedSuite, RunOverrides } from '../../src/config/index.js';
import type { ProgressSink, RunOutcome } from '../../src/runner/index.js';
import type { TaskDefinition } from '../../src/spec/index.js';
import { loopbackFabrics } from './loopback-fabric.js';

/**
 * HARNESS_BUILD=DIR runs another build's harness (e.g. a copy of main's
 * dist/) in the same script, for before/after figures: its config and
 * runner modules replace src/.
 */
const build = process.env.HARNESS_BUILD;
const { loadSuiteFile, loadSuiteObject, resolveRun } = (await import(
  build === undefined ? '../../src/config/index.js' : `${build}/config/index.js`
)) as typeof import('../../src/config/index.js');
const { runSuite } = (await import(
  build === undefined ? '../../src/runner/index.js' : `${build}/runner/index.js`
)) as typeof import('../../src/runner/index.js');

/** A suite of the given tasks on one OpenAI-compatible endpoint (role "worker"). */
export function loopbackSuite(baseUrl: string, tasks: TaskDefinition[]): Promise<LoadedSuite> {
  return loadSuiteObject(
    {
      name: 'bench',
      tasks,
      fabrics: loopbackFabrics(baseUrl),
    },
    '(bench)',
    process.cwd(),
    async () => undefined,
  );
}

/** The CPU section's suite (chain-suite.ts), loadable by worker threads. */
export function chainSuiteFile(baseUrl: string): Promise<LoadedSuite> {
  return benchSuiteFile('chain-suite.ts', baseUrl);
}

/**
 * A bench suite module of this folder loaded from its file (so worker
 * threads can load it too); `baseUrl` reaches them through the environment.
 */
export function benchSuiteFile(file: string, baseUrl: string): Promise<LoadedSuite> {
  process.env.AGENTPERF_BENCH_URL = baseUrl;
  return loadSuiteFile(fileURLToPath(new URL(`./${file}`, import.meta.url)), async () => undefined);
}

/** Runs a suite into a temporary directory (store and records included), then removes it. */
export async function runInTemp<T>(
  suite: LoadedSuite,
  overrides: RunOverrides,
  read: (outcome: RunOutcome) => T | Promise<T>,
  extra: { workers?: number; progress?: ProgressSink; writeReports?: boolean } = {},
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
