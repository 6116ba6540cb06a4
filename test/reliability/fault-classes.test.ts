import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../support/built-cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
const SECRET = 'sk-faulttest-0123456789abcdefSECRET';
let server: Server;
let baseUrl = '';

/**
 * A real OpenAI-shaped server that fails by model name: `fail-500` answers
 * HTTP 500 echoing the Authorization header it got (so redaction is tested
 * on a real leak), `reset` destroys the socket, `stream-error` sends an
 * error event mid-stream. Preflight pings (max_tokens 1, not streamed) pass.
 */
function handle(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on('end', () => {
    const parsed = JSON.parse(body) as { model: string; stream?: boolean; max_tokens?: number };
    if (parsed.max_tokens === 1 && parsed.stream !== true) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          model: parsed.model,
          choices: [{ message: { role: 'assistant', content: 'p' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 1, completion_tokens: 1 },
        }),
      );
      return;
    }
    if (parsed.model === 'fail-500') {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          error: { message: `upstream broke; got authorization: ${request.headers.authorization}` },
        }),
      );
      return;
    }
    if (parsed.model === 'reset') {
      request.socket.destroy();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(
      `data: ${JSON.stringify({ model: parsed.model, choices: [{ delta: { content: 'Hel' } }] })}\n\n`,
    );
    response.end(
      `data: ${JSON.stringify({ error: { message: 'overloaded mid-answer', type: 'server_error' } })}\n\n`,
    );
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

function suiteFile(): string {
  const file = join(dir.path, 'faults.ts');
  writeFileSync(join(dir.path, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    file,
    `import { defineSuite, defineTask, functionTool, ToolError } from ${JSON.stringify(join(process.cwd(), 'src/index.ts'))};
const chatTask = (name, role) => defineTask({
  name, roles: [role], cases: [{}],
  async agent(ctx) { return (await ctx.chat(role, { messages: [{ role: 'user', content: 'hi' }] })).content; },
  grade: () => ({ passed: true }),
});
const broken = functionTool({
  name: 'broken', description: 'always fails', parameters: { type: 'object', properties: {} },
  run: () => { throw new ToolError('no such row'); },
});
export default defineSuite({
  name: 'faults',
  tasks: [
    chatTask('http500', 'failing'),
    chatTask('reset', 'resetting'),
    chatTask('stream', 'streaming'),
    defineTask({
      name: 'tool', roles: [], cases: [{}], tools: [broken],
      async agent(ctx) { const result = await ctx.tool('broken', {}); return result.text; },
      grade: () => ({ passed: false }),
    }),
    defineTask({
      name: 'grader', roles: [], cases: [{}],
      async agent() { return 'answer'; },
      grade: () => { throw new Error('grader crashed'); },
    }),
    defineTask({
      name: 'slow', roles: [], cases: [{}], timeoutMs: 200,
      agent: (ctx) => new Promise((resolve) => { const timer = setTimeout(resolve, 10_000); ctx.signal.addEventListener('abort', () => clearTimeout(timer)); }),
      grade: () => ({ passed: true }),
    }),
  ],
  fabrics: {
    loopback: {
      endpoints: { api: { type: 'openai', baseUrl: ${JSON.stringify(baseUrl)}, apiKeyEnv: 'FAULT_TEST_KEY' } },
      roles: {
        failing: { endpoint: 'api', model: 'fail-500' },
        resetting: { endpoint: 'api', model: 'reset' },
        streaming: { endpoint: 'api', model: 'stream-error' },
      },
    },
  },
  levels: [1],
  tasksPerLevel: 12,
  warmupTasks: 0,
});
`,
  );
  return file;
}

describe('errored tasks are classified (built CLI)', () => {
  it('counts each fault class per level and task in the terminal, results.json, report.md and report.html, secrets redacted', async () => {
    const result = await runBuiltCli(['run', suiteFile(), '--out', 'runs'], {
      cwd: dir.path,
      env: { FAULT_TEST_KEY: SECRET, COLUMNS: '200' },
    });
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1]).toContain(result.code);
    const runs = join(dir.path, 'runs');
    const runDir = join(runs, readdirSync(runs).find((name) => name.includes('faults'))!);
    const tasks = readFileSync(join(runDir, 'tasks.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const faultOf = (name: string) =>
      new Set(tasks.filter((task) => task.task === name).map((task) => task.fault));
    expect(faultOf('http500')).toEqual(new Set(['HTTP 500']));
    expect(faultOf('reset')).toEqual(new Set(['connection reset']));
    expect(faultOf('stream')).toEqual(new Set(['stream error']));
    expect(faultOf('grader')).toEqual(new Set(['grader error']));
    expect(faultOf('slow')).toEqual(new Set(['timeout']));
    // A failing tool fails its step; the task that carried on is not errored.
    expect(faultOf('tool')).toEqual(new Set([undefined]));

    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    const level = results.levels[0];
    expect(level.tasksErrored).toBe(10);
    expect(level.byTask.http500.faults).toEqual([
      { fault: 'HTTP 500', count: 2, example: expect.stringContaining('upstream broke') },
    ]);
    // The echoed header is there, with the key replaced.
    expect(level.byTask.http500.faults[0].example).toMatch(/authorization: Bearer \[redacted\]/);
    const classes = Object.fromEntries(
      level.faults.map((fault: { fault: string; count: number }) => [fault.fault, fault.count]),
    );
    expect(classes).toEqual({
      'HTTP 500': 2,
      'connection reset': 2,
      'stream error': 2,
      'grader error': 2,
      timeout: 2,
    });
    const stepClasses = level.stepFaults.map((fault: { fault: string }) => fault.fault);
    expect(stepClasses).toContain('tool error');
    expect(stepClasses).toContain('HTTP 500');

    expect(result.stdout).toMatch(/errored c1: 10 errored \(.*HTTP 500 ×2.*\)/);
    const markdown = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/## Why tasks failed/);
    expect(markdown).toMatch(/\| c1 \| http500 \| HTTP 500 \| 2 \| .*upstream broke/);
    expect(markdown).toMatch(/\| c1 \| steps \| tool error \| 2 \| no such row/);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toMatch(/<h2>Why tasks failed<\/h2>/);
    expect(html).toContain('<td>connection reset</td>');
    // The server echoed the key it was sent: no file or output of the run may hold it.
    for (const name of readdirSync(runDir))
      expect(readFileSync(join(runDir, name), 'latin1')).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  }, 90_000);
});
