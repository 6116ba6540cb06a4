import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logLine } from '../../src/commands/proxy.js';
import { startRecordingProxy, TASK_HEADER } from '../../src/ingest/index.js';
import { startSimulator } from '../../src/sim/index.js';
import type { RunResults, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const ARRIVALS = [0, 50, 700, 750, 800];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function jsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

function onlyRun(out: string): string {
  const [runId] = readdirSync(join(dir.path, out));
  return join(dir.path, out, runId!);
}

/** Records an agent through the proxy: three tasks, each two chat turns around a 40 ms "tool", task 0 also embeds. */
beforeAll(async () => {
  const sim = await startSimulator({ fabric: 'builtin:gpu-pool', seed: 3 });
  const lines: string[] = [];
  const proxy = await startRecordingProxy({
    upstream: sim.baseUrl,
    retainCalls: false,
    onCall: (call) => lines.push(JSON.stringify(logLine(call))),
  });
  const call = (task: string, path: string, body: unknown) =>
    fetch(`${proxy.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TASK_HEADER]: task },
      body: JSON.stringify(body),
    }).then((response) => response.text());
  await Promise.all(
    [0, 1, 2].map(async (index) => {
      const task = `task-${index}`;
      const messages = [{ role: 'user', content: `question ${index}: ${'why '.repeat(200)}` }];
      if (index === 0)
        await call(task, '/embeddings', { model: 'bge-large-en', input: ['some text to embed'] });
      await call(task, '/chat/completions', {
        model: 'llama-3.1-8b',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      await sleep(40);
      await call(task, '/chat/completions', {
        model: 'llama-3.1-8b',
        messages: [
          ...messages,
          { role: 'assistant', content: 'tool said ok' },
          { role: 'user', content: 'and?' },
        ],
        stream: true,
        stream_options: { include_usage: true },
      });
    }),
  );
  await proxy.close();
  await sim.close();
  writeFileSync(join(dir.path, 'proxy.jsonl'), `${lines.join('\n')}\n`);
  // A Mooncake trace: five requests; the last four share their first two 512-token blocks.
  const mooncake = [0, 1, 2, 3, 4].map((index) =>
    JSON.stringify({
      timestamp: 1_000 + ARRIVALS[index]!,
      input_length: 1200,
      output_length: 20 + index,
      hash_ids: index === 0 ? [7, 8, 9] : [1, 2, 100 + index],
    }),
  );
  writeFileSync(join(dir.path, 'mooncake.jsonl'), `${mooncake.join('\n')}\n`);
}, 60_000);

afterAll(() => dir.remove());

describe('agentperf replay', () => {
  it('replays a proxy recording: one task record per recorded task, with the recorded steps and gaps', async () => {
    const recorded = jsonLines<{ taskKey: string; kind: string }>(join(dir.path, 'proxy.jsonl'));
    expect(recorded).toHaveLength(7);
    const result = await runCli(
      ['replay', 'proxy.jsonl', '--fabric', 'builtin:heterogeneous', '--out', 'proxy-replay'],
      {
        cwd: dir.path,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = onlyRun('proxy-replay');
    const tasks = jsonLines<TaskRecord>(join(out, 'tasks.jsonl'));
    const spans = jsonLines<SpanRecord>(join(out, 'spans.jsonl'));
    expect(tasks).toHaveLength(3);
    const kindsOf = (task: TaskRecord) =>
      spans
        .filter((span) => span.taskExecId === task.taskExecId)
        .sort((a, b) => a.startMs - b.startMs)
        .map((span) => span.kind);
    expect(tasks.map(kindsOf).sort()).toEqual(
      [
        ['chat', 'chat'],
        ['chat', 'chat'],
        ['embed', 'chat', 'chat'],
      ].sort(),
    );
    for (const task of tasks) {
      const chats = spans.filter((span) => span.taskExecId === task.taskExecId && span.kind === 'chat');
      // The agent's 40 ms between its calls is replayed as recorded, and the calls really ran on the target.
      expect(chats[1]!.startMs - chats[0]!.endMs).toBeGreaterThanOrEqual(39);
      expect(chats.every((span) => span.placement === 'decode-asic' && span.simulated)).toBe(true);
      expect(task.error).toBeNull();
    }
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    expect(results.levels[0]!.tasksCompleted).toBe(3);
  }, 60_000);

  it('replays a Mooncake trace at its arrivals, with its output lengths and shared prompt blocks', async () => {
    const result = await runCli(
      [
        'replay',
        'mooncake.jsonl',
        '--fabric',
        'builtin:gpu-pool',
        '--model',
        'model=llama-3.1-8b',
        '--out',
        'mooncake',
      ],
      { cwd: dir.path },
    );
    expect(result.code, result.stderr).toBe(0);
    const out = onlyRun('mooncake');
    const tasks = jsonLines<TaskRecord>(join(out, 'tasks.jsonl')).sort(
      (a, b) => a.scheduledAtMs - b.scheduledAtMs,
    );
    const spans = jsonLines<SpanRecord>(join(out, 'spans.jsonl'));
    expect(tasks).toHaveLength(5);
    tasks.forEach((task, index) => {
      expect(task.scheduledAtMs - tasks[0]!.scheduledAtMs).toBeCloseTo(ARRIVALS[index]!, 0);
    });
    const byTask = new Map(spans.map((span) => [span.taskExecId, span]));
    tasks.forEach((task, index) => {
      const span = byTask.get(task.taskExecId)!;
      expect(span.outputTokens).toBe(20 + index);
      expect(Math.abs(span.inputTokens - 1200)).toBeLessThan(60);
    });
    // Requests 3 and 4 come after request 2 has finished, and share its first two blocks: the prefix cache serves them.
    expect(byTask.get(tasks[3]!.taskExecId)!.cachedInputTokens).toBeGreaterThanOrEqual(1000);
    expect(byTask.get(tasks[0]!.taskExecId)!.cachedInputTokens).toBe(0);
  }, 60_000);

  it('names what is wrong with a trace it cannot read, exit 2', async () => {
    writeFileSync(join(dir.path, 'bad.jsonl'), '{"hello": 1}\n');
    const result = await runCli(['replay', 'bad.jsonl', '--fabric', 'builtin:gpu-pool'], { cwd: dir.path });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('neither an agentperf proxy recording nor a Mooncake trace');
    const unbound = await runCli(['replay', 'mooncake.jsonl', '--fabric', 'builtin:gpu-pool'], {
      cwd: dir.path,
    });
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toContain('has no model "model"');
  }, 60_000);
});
