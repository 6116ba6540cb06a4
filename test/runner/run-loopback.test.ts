import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/config/index.js';
import { AgentGate, runSuite } from '../../src/runner/index.js';
import type { RunResults, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { demoTask, type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { mean, numpyPercentile } from '../support/independent-metrics.js';
import { withLoopback } from '../support/loopback.js';
import { tempDir } from '../support/temp-dir.js';
import { readJsonl, testSuite } from '../support/suites.js';

const PRICES = { inputPerMTok: 1, outputPerMTok: 2 };

async function suiteFor(server: LoopbackServer, extra: Record<string, unknown> = {}) {
  return testSuite({
    name: 'loopback-demo',
    tasks: [demoTask],
    fabrics: {
      loopback: {
        endpoints: {
          local: {
            type: 'openai',
            baseUrl: server.baseUrl,
            placement: 'loopback',
            prices: { loopback: PRICES },
          },
        },
        roles: { worker: { endpoint: 'local', model: 'loopback' } },
      },
    },
    ...extra,
  });
}

describe('agentperf run against a loopback endpoint', () => {
  let server: LoopbackServer;
  const dir = tempDir();
  let results: RunResults;
  let tasks: TaskRecord[];
  let spans: SpanRecord[];

  beforeAll(async () => {
    server = await startLoopbackServer({ ttftMs: 4, interTokenMs: 1, outputTokens: 6 });
    const suite = await suiteFor(server);
    const run = resolveRun(suite, { levels: '1,4', tasks: 12, seed: 7 });
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir.path,
      storePath: join(dir.path, 'store.db'),
      writeReports: false,
    });
    results = JSON.parse(readFileSync(join(outcome.runDir, 'results.json'), 'utf8')) as RunResults;
    tasks = readJsonl<TaskRecord>(join(outcome.runDir, 'tasks.jsonl'));
    spans = readJsonl<SpanRecord>(join(outcome.runDir, 'spans.jsonl'));
  });

  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('records warm-up plus measured executions per level, and marks warm-up', () => {
    expect(results.levels.map((level) => level.label)).toEqual(['c1', 'c4']);
    const byLevel = (label: string) => tasks.filter((task) => task.level === label);
    expect(byLevel('c1')).toHaveLength(1 + 12);
    expect(byLevel('c4')).toHaveLength(4 + 12);
    expect(byLevel('c4').filter((task) => task.warmup)).toHaveLength(4);
    expect(results.status).toBe('complete');
    expect(results.simulated).toBe(false);
  });

  it('records every step as a span: two chats and a tool per task, with orchestration between', () => {
    const first = tasks.find((task) => !task.warmup)!;
    const own = spans.filter((span) => span.taskExecId === first.taskExecId);
    expect(own.filter((span) => span.kind === 'chat')).toHaveLength(2);
    expect(own.filter((span) => span.kind === 'tool')).toHaveLength(1);
    expect(own.some((span) => span.kind === 'orchestration')).toBe(true);
    expect(first.steps).toBe(3);
    const chat = own.find((span) => span.kind === 'chat')!;
    expect(chat.ttftMs).not.toBeNull();
    expect(chat.ttftMs!).toBeLessThanOrEqual(chat.endMs - chat.startMs);
    expect(chat.outputTokens).toBe(6);
    expect(chat.itlMs?.[0]).toBe(5);
    expect(chat.placement).toBe('loopback');
    for (const span of own) {
      expect(span.startMs).toBeGreaterThanOrEqual(first.startMs - 1e-6);
      expect(span.endMs).toBeLessThanOrEqual(first.endMs + 1e-6);
    }
  });

  it('counts in each task record the spans its execution wrote, so a report can join them as they are read', () => {
    const written = new Map<string, number>();
    for (const span of spans) written.set(span.taskExecId, (written.get(span.taskExecId) ?? 0) + 1);
    for (const task of tasks) expect(task.spans, task.taskExecId).toBe(written.get(task.taskExecId));
  });

  it('attributes token cost to the task that caused it', () => {
    for (const task of tasks) {
      const own = spans.filter((span) => span.taskExecId === task.taskExecId && span.kind === 'chat');
      const expected = own.reduce(
        (sum, span) =>
          sum + (span.inputTokens * PRICES.inputPerMTok + span.outputTokens * PRICES.outputPerMTok) / 1e6,
        0,
      );
      expect(task.costUsd).toBeCloseTo(expected, 12);
    }
  });

  it('results.json agrees with an independent recomputation from the JSONL files', () => {
    for (const level of results.levels) {
      const measured = tasks.filter((task) => task.level === level.label && !task.warmup);
      const passed = measured.filter((task) => task.passed && task.error === null);
      const e2e = measured.map((task) => task.e2eMs);
      expect(level.tasksCompleted).toBe(measured.length);
      expect(level.tasksPassed).toBe(passed.length);
      expect(level.passRate).toBeCloseTo(passed.length / measured.length, 12);
      for (const [key, percent] of [
        ['p50', 50],
        ['p95', 95],
        ['p99', 99],
      ] as const) {
        expect(level.e2eMs[key]).toBeCloseTo(numpyPercentile(e2e, percent)!, 9);
      }
      expect(level.e2eMs.mean).toBeCloseTo(mean(e2e)!, 9);
      expect(level.e2eMs.max).toBeCloseTo(Math.max(...e2e), 9);
      const windowStart = Math.min(...measured.map((task) => task.scheduledAtMs));
      const windowEnd = Math.max(...measured.map((task) => task.endMs));
      const wallS = (windowEnd - windowStart) / 1000;
      expect(level.wallS).toBeCloseTo(wallS, 6);
      expect(level.tasksPerSecond).toBeCloseTo(measured.length / wallS, 6);
      expect(level.goodputTasksPerSecond).toBeCloseTo(passed.length / wallS, 6);
      const ids = new Set(measured.map((task) => task.taskExecId));
      const work = spans.filter(
        (span) =>
          ids.has(span.taskExecId) &&
          ['chat', 'embed', 'rerank', 'tool', 'retrieval', 'custom'].includes(span.kind),
      );
      expect(level.stepsPerSecond).toBeCloseTo(work.length / wallS, 6);
      const costs = measured.map((task) => task.costUsd!);
      expect(level.costPerTaskUsd.mean).toBeCloseTo(mean(costs)!, 12);
      expect(level.costPerTaskUsd.p95).toBeCloseTo(numpyPercentile(costs, 95)!, 12);
      expect(level.costPerPassedTaskUsd).toBeCloseTo(costs.reduce((a, b) => a + b, 0) / passed.length, 12);
      expect(level.byStepKind.chat?.count).toBe(work.filter((span) => span.kind === 'chat').length);
      const shares = Object.values(level.byStepKind).reduce((sum, kind) => sum + kind.criticalPathShare, 0);
      expect(shares).toBeCloseTo(1, 6);
    }
  });

  it('latency counts from the scheduled start', () => {
    for (const task of tasks) expect(task.e2eMs).toBeCloseTo(task.endMs - task.scheduledAtMs, 6);
  });
});

describe('open loop', () => {
  it('counts latency from the scheduled arrival when the system is slower than the arrival rate', async () => {
    // One slot, ~25 ms of service per task, arrivals every 5 ms: a queue must form,
    // and it must show in the latency rather than be hidden by late starts.
    await withLoopback({ ttftMs: 25, outputTokens: 1 }, async (server, dir) => {
      const suite = await suiteFor(server, { levels: [{ rate: 200, process: 'constant', maxInFlight: 1 }] });
      const run = resolveRun(suite, { tasks: 10, seed: 1 });
      const outcome = await runSuite({
        suite,
        run,
        outDir: dir,
        storePath: join(dir, 'store.db'),
        writeReports: false,
      });
      const tasks = readJsonl<TaskRecord>(join(outcome.runDir, 'tasks.jsonl')).sort(
        (a, b) => a.scheduledAtMs - b.scheduledAtMs,
      );
      const spans = readJsonl<SpanRecord>(join(outcome.runDir, 'spans.jsonl'));
      expect(tasks).toHaveLength(10);
      // Arrivals are on the constant schedule, 5 ms apart, whatever the service time.
      for (let index = 1; index < tasks.length; index++) {
        expect(tasks[index]!.scheduledAtMs - tasks[index - 1]!.scheduledAtMs).toBeCloseTo(5, 6);
      }
      // Each task starts only after the previous one ended (one slot) ...
      for (let index = 1; index < tasks.length; index++) {
        expect(tasks[index]!.startMs).toBeGreaterThanOrEqual(tasks[index - 1]!.endMs - 1e-6);
      }
      // ... so the start lag grows, and e2e includes it as recorded queue time.
      const last = tasks.at(-1)!;
      expect(last.startMs - last.scheduledAtMs).toBeGreaterThan(tasks[1]!.startMs - tasks[1]!.scheduledAtMs);
      expect(last.e2eMs).toBeCloseTo(last.endMs - last.scheduledAtMs, 6);
      expect(last.e2eMs).toBeGreaterThan(last.endMs - last.startMs);
      const queue = spans.find((span) => span.taskExecId === last.taskExecId && span.kind === 'queue');
      expect(queue?.startMs).toBeCloseTo(last.scheduledAtMs, 6);
      expect(queue?.endMs).toBeCloseTo(last.startMs, 6);
      // The queue is the system's, not the harness's: start lag excludes the wait for a slot.
      const harness = outcome.results.levels[0]!.harness;
      // (The last task waited ~9 × 20 ms for its slot; the harness woke far sooner than that.)
      expect(harness.startLagP99Ms).toBeLessThan((last.startMs - last.scheduledAtMs) / 2);
      expect(outcome.results.levels[0]!.mode).toBe('open');
      expect(outcome.results.levels[0]!.arrivalRatePerS).toBe(200);
    });
  });
});

describe('open loop: never early', () => {
  it('starts no task before its scheduled arrival', async () => {
    // Sleeping the remaining fraction of a millisecond with setTimeout starts
    // about a third of these arrivals early (libuv's loop time is whole
    // milliseconds, read at the start of its turn); the harness must start none.
    await withLoopback({ ttftMs: 0, outputTokens: 1 }, async (server, dir) => {
      const suite = await suiteFor(server, { levels: [{ rate: 300, process: 'constant' }] });
      const run = resolveRun(suite, { tasks: 300, warmup: 0, seed: 3 });
      const outcome = await runSuite({
        suite,
        run,
        outDir: dir,
        storePath: join(dir, 's.db'),
        writeReports: false,
      });
      const tasks = readJsonl<TaskRecord>(join(outcome.runDir, 'tasks.jsonl'));
      expect(tasks).toHaveLength(300);
      const early = tasks.filter((task) => task.startMs < task.scheduledAtMs);
      expect(early).toEqual([]);
      expect(outcome.results.levels[0]!.harness.startLagP99Ms).toBeGreaterThanOrEqual(0);
    });
  });
});

describe('interrupting an open-loop level', () => {
  it('returns a partial run instead of leaving arrivals waiting for a slot', async () => {
    await withLoopback({ ttftMs: 30, outputTokens: 1 }, async (server, dir) => {
      const suite = await suiteFor(server, { levels: [{ rate: 100, process: 'constant', maxInFlight: 1 }] });
      const run = resolveRun(suite, { tasks: 200 });
      const interrupt = new AbortController();
      // Interrupt once a few tasks have finished, so arrivals are queued behind the one slot
      // (an event, not a timer: a cold start can take longer than any fixed delay).
      let finished = 0;
      const outcome = await runSuite({
        suite,
        run,
        outDir: dir,
        storePath: join(dir, 's.db'),
        writeReports: false,
        signal: interrupt.signal,
        progress: {
          taskFinished: () => {
            finished += 1;
            if (finished === 3) interrupt.abort(new Error('interrupted'));
          },
        },
      });
      expect(outcome.results.status).toBe('partial');
      expect(outcome.results.levels[0]!.partial).toBe(true);
      expect(outcome.results.levels[0]!.tasksCompleted).toBeLessThan(200);
    });
  });
});

describe('--single-call', () => {
  /** A `--single-call` run against the loopback endpoint: the worker role's probe and the run's task records. */
  async function probedRun(
    server: LoopbackServer,
    dir: string,
    overrides: Parameters<typeof resolveRun>[1],
    extra: Partial<Parameters<typeof runSuite>[0]> = {},
  ) {
    const suite = await suiteFor(server);
    const outcome = await runSuite({
      suite,
      run: resolveRun(suite, overrides),
      outDir: dir,
      storePath: join(dir, 's.db'),
      writeReports: false,
      singleCall: true,
      ...extra,
    });
    const tasks = readJsonl<TaskRecord>(join(outcome.runDir, 'tasks.jsonl'));
    return { outcome, probe: outcome.results.singleCall?.worker, tasks };
  }
  const firstStart = (tasks: TaskRecord[]): number => Math.min(...tasks.map((task) => task.startMs));
  const stream = { ttftMs: 15, interTokenMs: 2, outputTokens: 11 };

  it('measures lone requests per chat role after the levels, never during one', async () => {
    await withLoopback(stream, async (server, dir) => {
      const { outcome, probe, tasks } = await probedRun(server, dir, { levels: '1', tasks: 2 });
      expect(probe).toMatchObject({
        endpoint: 'local',
        model: 'loopback',
        samples: 5,
        phase: 'after the levels',
      });
      // 15 ms before the first token, then 10 gaps of ~2 ms: both figures come from clock reads.
      expect(probe!.ttftMs).toBeGreaterThanOrEqual(14);
      expect(probe!.outputTokensPerS).toBeGreaterThan(0);
      expect(probe!.outputTokensPerS).toBeLessThan(1000 / 1.5);
      // The probe's requests are not part of any level, and it starts once the last task has ended.
      expect(outcome.results.levels[0]!.byStepKind.chat!.count).toBe(2 * 2);
      const [start, end] = probe!.windowMs!;
      expect(start).toBeGreaterThanOrEqual(Math.floor(Math.max(...tasks.map((task) => task.endMs))));
      // Five requests of at least 15 + 10 × 2 ms each, one after another.
      expect(end - start).toBeGreaterThanOrEqual(5 * 35 - 1);
      // The harness was watched over the probe (whether it warned depends on the machine's load).
      expect(probe!.harness?.eventLoopLagMs.p99).toBeGreaterThanOrEqual(0);
      expect(probe!.harness?.cpuFraction).toBeGreaterThan(0);
    });
  });

  it('runs before the levels in a shard, whose peers may still be measuring when its own levels end', async () => {
    await withLoopback(stream, async (server, dir) => {
      const { probe, tasks } = await probedRun(
        server,
        dir,
        { levels: '2', tasks: 4 },
        { shard: { index: 0, count: 2 } },
      );
      expect(probe).toMatchObject({ samples: 5, phase: 'before the levels' });
      expect(tasks.length).toBeGreaterThan(0);
      expect(firstStart(tasks)).toBeGreaterThanOrEqual(probe!.windowMs![1] - 1);
    });
  });

  it('runs while its fabric waits for agents another fabric holds, and before that level starts', async () => {
    await withLoopback(stream, async (server, dir) => {
      const gate = new AgentGate(2);
      // Another fabric's level holds the whole gate, and lets go as soon as the probe has started:
      // the waiting level is granted while its probe still runs, and must wait for it.
      const held = await gate.acquire(2);
      let released = false;
      const { probe, tasks } = await probedRun(
        server,
        dir,
        { levels: '1', tasks: 2 },
        {
          agentGate: gate,
          progress: {
            singleCallStarted: () => {
              released = true;
              held();
            },
          },
        },
      );
      expect(probe).toMatchObject({ samples: 5, phase: 'while waiting for agents' });
      expect(released).toBe(true);
      expect(tasks.length).toBe(3);
      // The level started only after its own probe had ended (five requests of ≥ 35 ms each),
      // though its agents were free almost at once.
      expect(firstStart(tasks)).toBeGreaterThanOrEqual(probe!.windowMs![1] - 1);
    });
  });
});

describe('secrets', () => {
  it('never writes an API key or a header value to the run directory or the store', async () => {
    const secret = 'sk-live-0123456789abcdef';
    await withLoopback({ ttftMs: 1, outputTokens: 2 }, async (server, dir) => {
      const suite = await testSuite({
        name: 'secrets',
        tasks: [demoTask],
        fabrics: {
          local: {
            endpoints: {
              api: {
                type: 'openai',
                baseUrl: server.baseUrl,
                apiKeyEnv: 'AGENTPERF_TEST_KEY',
                headers: { 'x-team-token': `${secret}-header` },
              },
            },
            roles: { worker: { endpoint: 'api', model: 'm' } },
          },
        },
      });
      const run = resolveRun(suite, { levels: '1', tasks: 2 });
      const outcome = await runSuite({
        suite,
        run,
        outDir: dir,
        storePath: join(dir, 'store.db'),
        env: { ...process.env, AGENTPERF_TEST_KEY: secret },
      });
      const { readdirSync } = await import('node:fs');
      for (const name of readdirSync(outcome.runDir)) {
        expect(readFileSync(join(outcome.runDir, name), 'utf8')).not.toContain(secret);
      }
      // The store (and its WAL) too.
      for (const name of readdirSync(dir).filter((file) => file.startsWith('store.db'))) {
        expect(readFileSync(join(dir, name)).includes(Buffer.from(secret))).toBe(false);
      }
      expect(JSON.stringify(outcome.results.config)).toContain('AGENTPERF_TEST_KEY');
    });
  });
});
