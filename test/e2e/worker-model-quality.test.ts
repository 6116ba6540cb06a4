import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SUITE, bundledTask } from '../../src/commands/default-suite.js';
import { loadSuiteObject, resolveRun } from '../../src/config/index.js';
import { runSuite } from '../../src/runner/index.js';
import { tempDir } from '../support/temp-dir.js';

/**
 * The quality side of the methodology, end to end: the same bundled tasks on
 * the simulator with the worker role on the 8B model and on the 70B model.
 * The 8B profile makes more mistakes (wrong tool arguments, skipped steps,
 * wrong answers) that the real tools and graders catch, so its pass rate
 * must be lower; its steps are faster. Seeded, so deterministic.
 */
describe('bundled tasks on the simulator: small vs large worker model', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('the fabric with the large worker passes more tasks, and its model steps take longer', async () => {
    const suite = await loadSuiteObject(
      { ...DEFAULT_SUITE, tasks: [{ use: 'support' }, { use: 'code-fix' }] },
      '(bundled subset)',
      process.cwd(),
      bundledTask,
    );
    const outcomes = [];
    for (const fabric of ['sim-gpu-pool', 'sim-gpu-pool-large-worker']) {
      const run = resolveRun(suite, { fabric, levels: '8', tasks: 40, seed: 3 });
      outcomes.push(
        await runSuite({
          suite,
          run,
          outDir: dir.path,
          storePath: join(dir.path, 'store.db'),
          writeReports: false,
        }),
      );
    }
    const [small, large] = outcomes.map((outcome) => outcome.results.levels[0]!);
    expect(small!.tasksCompleted).toBe(40);
    expect(large!.tasksCompleted).toBe(40);
    expect(small!.passRate!).toBeLessThan(large!.passRate!);
    expect(small!.byStepKind.chat!.ms.p50!).toBeLessThan(large!.byStepKind.chat!.ms.p50!);
  }, 90_000); // two 40-task runs of the simulated fabric; the 70B worker's steps (80 layers, TP all-reduces) make it the slowest e2e run
});
