import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults, TaskRecord } from '../../src/spec/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { mean, numpyPercentile } from '../support/independent-metrics.js';
import { startBuiltCli } from '../support/cli.js';
import { readJsonl, writeLoopbackSuite } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({ ttftMs: 15, outputTokens: 4 });
  writeLoopbackSuite(
    dir.path,
    'shard-demo',
    server.baseUrl,
    'levels: [4, { rate: 30, process: poisson }]\ntasksPerLevel: 12\nseed: 42\n',
  );
});

afterAll(async () => {
  await server.close();
  dir.remove();
});

function runDirOf(out: string): string {
  const [only] = readdirSync(join(dir.path, out)).filter((name) => !name.endsWith('.db'));
  return join(dir.path, out, only!);
}

/** What identifies one execution of the plan, whoever ran it. */
function planKeys(tasks: TaskRecord[]): string[] {
  return tasks.map((task) => `${task.level}|${task.taskExecId.replace(/^s\d+:/, '')}|${task.caseId}`).sort();
}

const runCli = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  startBuiltCli(args, options).done;

describe('four shards as a Kubernetes Indexed Job starts them, merged', () => {
  it('equal an unsharded run of the plan, draw distinct arrivals, and merge refuses a foreign shard', async () => {
    // The shards meet in one store before each level, so however slowly their
    // processes start on a busy machine, they run every level together.
    const startAt = new Date(Date.now() + 2000).toISOString();
    const shared = join(dir.path, 'shared.db');
    const shardRuns = [0, 1, 2, 3].map(
      (index) =>
        startBuiltCli(
          [
            'run',
            'suite.yaml',
            '--quiet',
            '--start-at',
            startAt,
            '--rendezvous',
            '--store',
            shared,
            '--out',
            `shard${index}`,
          ],
          {
            cwd: dir.path,
            env: { JOB_COMPLETION_INDEX: String(index), JOB_COMPLETIONS: '4' },
          },
        ).done,
    );
    const shards = await Promise.all(shardRuns);
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    const whole = await runCli(['run', 'suite.yaml', '--quiet', '--out', 'whole'], { cwd: dir.path });
    expect(whole.stderr).toBe('');

    const merged = await runCli(
      ['merge', ...[0, 1, 2, 3].map((index) => runDirOf(`shard${index}`)), '--out', 'merged'],
      { cwd: dir.path },
    );
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/merged 4 shards of 4 \(\d+ task executions\)/);

    const wholeTasks = readJsonl<TaskRecord>(join(runDirOf('whole'), 'tasks.jsonl'));
    const mergedTasks = readJsonl<TaskRecord>(join(dir.path, 'merged', 'tasks.jsonl'));
    expect(mergedTasks).toHaveLength(wholeTasks.length);
    // The union of the shards' case plans is the unsharded plan, execution by execution.
    expect(planKeys(mergedTasks)).toEqual(planKeys(wholeTasks));
    expect(new Set(mergedTasks.map((task) => task.shard))).toEqual(new Set([0, 1, 2, 3]));

    // Each shard ran one of the four agents and a quarter of the arrival rate.
    for (const index of [0, 1, 2, 3]) {
      const results = JSON.parse(
        readFileSync(join(runDirOf(`shard${index}`), 'results.json'), 'utf8'),
      ) as RunResults;
      expect(results.shard).toMatchObject({ index, count: 4, startAt });
      expect(results.levels.map((level) => level.concurrency ?? level.arrivalRatePerS)).toEqual([1, 7.5]);
    }
    // Open-loop arrivals are drawn per shard: no two shards share an arrival offset.
    const offsets = [0, 1, 2, 3].map((index) => {
      const tasks = readJsonl<TaskRecord>(join(runDirOf(`shard${index}`), 'tasks.jsonl'));
      const open = tasks.filter((task) => task.level === 'r30');
      const first = Math.min(...open.map((task) => task.scheduledAtMs));
      return open.map((task) => (task.scheduledAtMs - first).toFixed(3)).slice(1);
    });
    expect(new Set(offsets.flat()).size).toBe(offsets.flat().length);

    // Every number of the merged results recomputes from the merged JSONL.
    const results = JSON.parse(readFileSync(join(dir.path, 'merged', 'results.json'), 'utf8')) as RunResults;
    expect(results.levels.map((level) => level.concurrency ?? level.arrivalRatePerS)).toEqual([4, 30]);
    expect(results.shards?.map((shard) => shard.index)).toEqual([0, 1, 2, 3]);
    for (const level of results.levels) {
      const measured = mergedTasks.filter((task) => task.level === level.label && !task.warmup);
      const e2e = measured.map((task) => task.e2eMs);
      expect(level.tasksCompleted).toBe(measured.length);
      expect(level.tasksPassed).toBe(measured.filter((task) => task.passed).length);
      expect(level.e2eMs.p95).toBeCloseTo(numpyPercentile(e2e, 95)!, 6);
      expect(level.e2eMs.mean).toBeCloseTo(mean(e2e)!, 6);
    }

    // A shard started with another seed is refused, by name.
    const foreign = await runCli(
      ['run', 'suite.yaml', '--quiet', '--shard', '3/4', '--seed', '7', '--out', 'foreign'],
      {
        cwd: dir.path,
      },
    );
    expect(foreign.code, foreign.stderr).toBe(0);
    const refused = await runCli(
      ['merge', ...[0, 1, 2].map((index) => runDirOf(`shard${index}`)), runDirOf('foreign'), '--out', 'bad'],
      { cwd: dir.path },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^agentperf: shard 3 \(.*\) ran seed 7, but shard 0 \(.*\) ran 42/);
    const missing = await runCli(['merge', runDirOf('shard0'), runDirOf('shard2'), '--out', 'bad'], {
      cwd: dir.path,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/shards 1, 3 of 4 missing/);
  }, 300_000);
});
