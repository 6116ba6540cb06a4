import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuiltCli, startBuiltCli, waitForOutput } from '../support/built-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('every command ends (built CLI)', () => {
  it('proxy stays up in front of agentperf sim, forwards for the openai client, and exits 0 on SIGINT', async () => {
    const sim = startBuiltCli(['sim', '--seed', '1']);
    const proxyLog = join(dir.path, 'proxy.jsonl');
    let proxy: ReturnType<typeof startBuiltCli> | null = null;
    try {
      const [, simUrl] = await waitForOutput(sim, /base URL: (http:\/\/\S+)/);
      proxy = startBuiltCli(['proxy', '--upstream', simUrl!, '--out', proxyLog]);
      const [, proxyUrl] = await waitForOutput(proxy, /agentperf proxy (http:\/\/\S+)/);
      // Still up after its banner (main exited 13 here at once).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(proxy.output().code).toBeNull();

      const client = new OpenAI({ baseURL: proxyUrl!, apiKey: 'unused', maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'llama-3.1-8b',
        messages: [{ role: 'user', content: 'hello' }],
        max_tokens: 8,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: { completion_tokens: number } | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      expect(text.length).toBeGreaterThan(0);
      expect(usage?.completion_tokens).toBeGreaterThan(0);
      const withTools = await client.chat.completions.create({
        model: 'llama-3.1-8b',
        messages: [{ role: 'user', content: 'look it up' }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'lookup',
              parameters: { type: 'object', properties: { q: { type: 'string' } } },
            },
          },
        ],
        tool_choice: 'required',
        max_tokens: 16,
      });
      expect(withTools.choices[0]?.message.tool_calls?.[0]).toBeDefined();
      const embedded = await client.embeddings.create({ model: 'bge-large-en', input: ['a', 'b'] });
      expect(embedded.data).toHaveLength(2);
      expect(embedded.data[0]?.embedding.length).toBeGreaterThan(0);

      proxy.child.kill('SIGINT');
      const proxyExit = await proxy.done;
      expect(proxyExit.code).toBe(0);
      const lines = readFileSync(proxyLog, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const streamed = lines.find((line) => line.path.endsWith('/chat/completions') && line.ttftMs !== null);
      expect(streamed?.outputTokens).toBeGreaterThan(0);
      expect(lines.some((line) => line.kind === 'embed' && line.inputTokens > 0)).toBe(true);
      expect(lines.length).toBeGreaterThanOrEqual(3);
    } finally {
      proxy?.child.kill('SIGKILL');
      sim.child.kill('SIGINT');
    }
    expect((await sim.done).code).toBe(0);
  }, 60_000);

  it('sim exits 0 on SIGTERM', async () => {
    const sim = startBuiltCli(['sim']);
    await waitForOutput(sim, /base URL: http/);
    sim.child.kill('SIGTERM');
    expect((await sim.done).code).toBe(0);
  });

  it('run of the MCP example (stdio server opened at import) exits 0 on its own, without a safety-exit warning', async () => {
    const result = await runBuiltCli(
      [
        'run',
        join(process.cwd(), 'examples/mcp-tool/agentperf.ts'),
        '--tasks',
        '5',
        '--levels',
        '1',
        '--out',
        'runs',
      ],
      { cwd: dir.path },
    );
    expect(result.stderr).not.toContain('still held the process open');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mcp-sum');
  }, 90_000);

  it('run ends although a tool outlives the task timeout: the step is recorded as timeout and the safety exit names what was open', async () => {
    const taskFile = join(dir.path, 'slow-tool.ts');
    writeFileSync(join(dir.path, 'package.json'), '{"type":"module"}\n');
    writeFileSync(
      taskFile,
      `import { defineSuite, defineTask, functionTool } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
const slow = functionTool({
  name: 'slow',
  description: 'never answers in time and ignores the signal',
  parameters: { type: 'object', properties: {} },
  run: () => new Promise((resolve) => setTimeout(() => resolve('late'), 600_000)),
});
const task = defineTask({
  name: 'slow-tool',
  roles: [],
  cases: [{}],
  tools: [slow],
  timeoutMs: 300,
  async agent(ctx) {
    const result = await ctx.tool('slow', {});
    return result.text;
  },
  grade: () => ({ passed: true }),
});
export default defineSuite({
  name: 'slow-tool',
  tasks: [task],
  fabrics: { sim: { endpoints: { sim: { type: 'simulator' } }, roles: {} } },
  levels: [1],
  tasksPerLevel: 2,
  warmupTasks: 0,
});
`,
    );
    const result = await runBuiltCli(['run', taskFile, '--out', 'slow-runs', '--quiet'], { cwd: dir.path });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/still held the process open/);
    expect(result.stderr).toMatch(/timer/);
    const runs = join(dir.path, 'slow-runs');
    const { readdirSync } = await import('node:fs');
    const runDir = readdirSync(runs).find((name) => name.includes('slow-tool'))!;
    const spans = readFileSync(join(runs, runDir, 'spans.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const toolSpans = spans.filter((span) => span.kind === 'tool');
    expect(toolSpans).toHaveLength(2);
    for (const span of toolSpans) {
      expect(span.status).toBe('timeout');
      expect(span.endMs - span.startMs).toBeLessThan(60_000);
    }
  }, 60_000);

  it('a sandbox tool still running at the task timeout has its child process killed (the code cannot see the signal)', async () => {
    const taskFile = join(dir.path, 'spin-tool.ts');
    writeFileSync(join(dir.path, 'package.json'), '{"type":"module"}\n');
    writeFileSync(
      taskFile,
      `import { createSandbox, defineSuite, defineTask, functionTool } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
const sandbox = createSandbox({ poolSize: 1 });
const spin = functionTool({
  name: 'spin',
  description: 'runs code that never ends, with a 60 s limit of its own',
  parameters: { type: 'object', properties: {} },
  run: (args, env) => sandbox.run({ code: 'while (true) {}', tests: [], timeoutMs: 60_000, signal: env.signal }),
});
const task = defineTask({
  name: 'spin-tool',
  roles: [],
  cases: [{}],
  tools: [spin],
  timeoutMs: 300,
  async agent(ctx) {
    return (await ctx.tool('spin', {})).text;
  },
  grade: () => ({ passed: true }),
});
export default defineSuite({
  name: 'spin-tool',
  tasks: [task],
  fabrics: { sim: { endpoints: { sim: { type: 'simulator' } }, roles: {} } },
  levels: [1],
  tasksPerLevel: 2,
  warmupTasks: 0,
});
`,
    );
    const result = await runBuiltCli(['run', taskFile, '--out', 'spin-runs', '--quiet'], { cwd: dir.path });
    expect(result.code).toBe(0);
    // Without the kill the spinning child holds the process until the safety exit names it.
    expect(result.stderr).not.toMatch(/still held the process open/);
    const runs = join(dir.path, 'spin-runs');
    const { readdirSync } = await import('node:fs');
    const runDir = readdirSync(runs).find((name) => name.includes('spin-tool'))!;
    const spans = readFileSync(join(runs, runDir, 'spans.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const toolSpans = spans.filter((span) => span.kind === 'tool');
    expect(toolSpans).toHaveLength(2);
    for (const span of toolSpans) expect(span).toMatchObject({ status: 'timeout', fault: 'timeout' });
  }, 60_000);
});
