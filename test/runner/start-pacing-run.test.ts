import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTask, resolveRun } from '../../src/config/index.js';
import { runSuite } from '../../src/runner/index.js';
import type { RunResults } from '../../src/spec/index.js';
import { defineTool } from '../../src/tools/index.js';
import { tempDir } from '../support/temp-dir.js';
import { testSuite } from '../support/suites.js';

const pause = defineTool({
  name: 'pause',
  description: 'Waits 30 ms.',
  parameters: { type: 'object', properties: {} },
  call: () => new Promise((resolve) => setTimeout(() => resolve('done'), 30)),
});

const pausingTask = defineTask<{ id: number }, undefined, unknown>({
  name: 'pause-on-tool',
  roles: [],
  cases: [{ id: 0 }],
  tools: [pause],
  agent: async (ctx) => (await ctx.tool('pause', {})).value,
  grade: ({ answer }) => ({ passed: answer === 'done' }),
});

describe('start pacing in a run', () => {
  it('paces a burst of 300 agents, says so in results.json and the report, and paces nothing at 4 agents', async () => {
    const dir = tempDir();
    const suite = await testSuite({
      name: 'pacing',
      tasks: [pausingTask],
      fabrics: {
        none: {
          endpoints: { api: { type: 'openai', baseUrl: 'http://127.0.0.1:9' } },
          roles: {},
        },
      },
    });
    const outcome = await runSuite({
      suite,
      run: resolveRun(suite, { levels: '4,300', tasks: 600, warmup: 0 }),
      outDir: dir.path,
      storePath: join(dir.path, 'store.db'),
      writeReports: true,
    });
    const results = JSON.parse(readFileSync(join(outcome.runDir, 'results.json'), 'utf8')) as RunResults;
    const [four, many] = results.levels;
    expect(four!.harness.pacedStarts).toBeUndefined();
    // The first 64 start at once; the rest of the first 300, and the next tasks as 300 end together, queue.
    expect(many!.harness.pacedStarts).toBeGreaterThanOrEqual(300 - 64);
    expect(many!.tasksCompleted).toBe(600);
    expect(many!.tasksPassed).toBe(600);
    expect(readFileSync(join(outcome.runDir, 'report.md'), 'utf8')).toMatch(/\d[\d,]* starts paced/);
  }, 60_000);
});
