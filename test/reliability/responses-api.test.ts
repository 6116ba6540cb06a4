import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli, startBuiltCli, waitForOutput } from '../support/built-cli.js';
import { type ResponsesServer, startResponsesServer } from '../support/responses-server.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let server: ResponsesServer;
beforeAll(async () => {
  server = await startResponsesServer();
});
afterAll(async () => {
  await server.close();
  dir.remove();
});

const openaiModule = pathToFileURL(createRequire(import.meta.url).resolve('openai')).href;

function suiteFile(): string {
  const file = join(dir.path, 'responses.ts');
  writeFileSync(join(dir.path, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    file,
    `import { defineSuite, defineTask } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
import OpenAI from ${JSON.stringify(openaiModule)};
const client = (ctx) => new OpenAI({ baseURL: ${JSON.stringify(server.baseUrl)}, apiKey: 'unused', fetch: ctx.fetch, maxRetries: 0 });
const streamed = (name, input) => defineTask({
  name, roles: [], cases: [{}],
  async agent(ctx) {
    let text = '';
    try {
      const stream = await client(ctx).responses.create({ model: 'gpt-4o-mini', input, stream: true });
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    } catch (error) { text += ' (failed)'; }
    return text;
  },
  grade: () => ({ passed: true }),
});
export default defineSuite({
  name: 'responses',
  tasks: [
    streamed('stream', 'ok'),
    streamed('no-usage', 'no-usage'),
    streamed('failed', 'failed'),
    streamed('error-event', 'error'),
    defineTask({
      name: 'json', roles: [], cases: [{}],
      async agent(ctx) { return (await client(ctx).responses.create({ model: 'gpt-4o-mini', input: 'ok' })).output_text; },
      grade: () => ({ passed: true }),
    }),
    defineTask({
      name: 'chat-fetch', roles: [], cases: [{}],
      async agent(ctx) {
        const stream = await client(ctx).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'say hello to the whole wide world' }] });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        return text;
      },
      grade: () => ({ passed: true }),
    }),
    defineTask({
      name: 'chat-adapter', roles: ['plain'], cases: [{}],
      async agent(ctx) { return (await ctx.chat('plain', { messages: [{ role: 'user', content: 'say hello to the whole wide world' }] })).content; },
      grade: () => ({ passed: true }),
    }),
  ],
  fabrics: {
    loopback: {
      endpoints: { api: { type: 'openai', baseUrl: ${JSON.stringify(server.baseUrl)} } },
      roles: { plain: { endpoint: 'api', model: 'gpt-4o-mini' } },
    },
  },
  levels: [1],
  tasksPerLevel: 7,
  warmupTasks: 0,
});
`,
  );
  return file;
}

interface Span {
  taskExecId: string;
  kind: string;
  name: string;
  ttftMs: number | null;
  startMs: number;
  endMs: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
  status: string;
  fault?: string;
  finishReason: string | null;
  usageEstimated?: boolean;
}

describe('OpenAI Responses API and estimated usage (built CLI)', () => {
  it('ctx.fetch records Responses calls as chat steps (TTFT, tokens, status) and marks estimated usage everywhere', async () => {
    const result = await runBuiltCli(['run', suiteFile(), '--out', 'runs'], {
      cwd: dir.path,
      env: { COLUMNS: '200' },
    });
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(result.code).toBe(0);
    const runs = join(dir.path, 'runs');
    const runDir = join(runs, readdirSync(runs).find((name) => name.includes('responses'))!);
    const lines = (file: string) =>
      readFileSync(join(runDir, file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    const taskOf = new Map(lines('tasks.jsonl').map((task) => [task.taskExecId, task.task as string]));
    const spans = lines('spans.jsonl') as Span[];
    const stepOf = (task: string): Span => {
      const found = spans.filter((span) => taskOf.get(span.taskExecId) === task && span.kind === 'chat');
      expect(found, task).toHaveLength(1);
      return found[0]!;
    };

    const streamed = stepOf('stream');
    expect(streamed.name).toBe('gpt-4o-mini');
    expect(streamed.status).toBe('ok');
    expect(streamed.ttftMs).toBeGreaterThan(0);
    expect(streamed.ttftMs!).toBeLessThan(streamed.endMs - streamed.startMs);
    expect(streamed).toMatchObject({
      inputTokens: 21,
      cachedInputTokens: 5,
      outputTokens: 7,
      reasoningTokens: 2,
    });
    expect(streamed.finishReason).toBe('stop');
    expect(streamed.costUsd).toBeGreaterThan(0);
    expect(streamed.usageEstimated).toBeUndefined();

    expect(stepOf('json')).toMatchObject({
      status: 'ok',
      inputTokens: 21,
      outputTokens: 7,
      finishReason: 'stop',
    });
    expect(stepOf('failed')).toMatchObject({ status: 'error', fault: 'stream error' });
    expect(stepOf('error-event')).toMatchObject({ status: 'error', fault: 'stream error' });

    // No usage sent: estimated (one token per text delta; the prompt's text / 4) and marked, on both paths.
    const noUsage = stepOf('no-usage');
    expect(noUsage).toMatchObject({ status: 'ok', usageEstimated: true, outputTokens: 4, inputTokens: 2 });
    expect(noUsage.ttftMs).toBeGreaterThan(0);
    expect(stepOf('chat-fetch')).toMatchObject({ usageEstimated: true, outputTokens: 4, inputTokens: 9 });
    const adapter = stepOf('chat-adapter');
    expect(adapter.usageEstimated).toBe(true);
    expect(adapter.outputTokens).toBeGreaterThan(0);

    const level = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')).levels[0];
    expect(level.estimatedUsage.steps).toBe(3);
    expect(level.estimatedUsage.costShare).toBeGreaterThan(0);
    expect(level.estimatedUsage.costShare).toBeLessThan(1);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(
      /> \*\*⚠ Estimated usage: c1: \d+\.\d% of its cost .* rests on estimated token counts: 3 step\(s\)/,
    );
    expect(readFileSync(join(runDir, 'report.html'), 'utf8')).toMatch(/role="alert">⚠ Estimated usage: c1:/);
    expect(result.stdout).toMatch(/ESTIMATED usage at c1: /);
  }, 90_000);

  it('the proxy records Responses API streams (TTFT, tokens, status) for the openai client', async () => {
    const log = join(dir.path, 'proxy.jsonl');
    const proxy = startBuiltCli(['proxy', '--upstream', server.baseUrl, '--out', log]);
    try {
      const [, proxyUrl] = await waitForOutput(proxy, /agentperf proxy (http:\/\/\S+)/);
      const client = new OpenAI({ baseURL: proxyUrl!, apiKey: 'unused', maxRetries: 0 });
      const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'ok', stream: true });
      let text = '';
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
      expect(text).toBe('Hello there');
      const plain = await client.responses.create({ model: 'gpt-4o-mini', input: 'ok' });
      expect(plain.output_text).toBe('Hello there');
    } finally {
      proxy.child.kill('SIGINT');
    }
    expect((await proxy.done).code).toBe(0);
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(calls).toHaveLength(2);
    const [streamed, plain] = calls;
    expect(streamed).toMatchObject({ kind: 'chat', status: 200, inputTokens: 21, outputTokens: 7 });
    expect(streamed.path).toBe('/v1/responses');
    expect(streamed.ttftMs).toBeGreaterThan(0);
    expect(plain).toMatchObject({
      kind: 'chat',
      status: 200,
      inputTokens: 21,
      outputTokens: 7,
      ttftMs: null,
    });
  }, 60_000);
});
