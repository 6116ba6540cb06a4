import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startBlackBoxAgent } from '../../examples/black-box-agent/agent.js';
import { loadSuiteFile } from '../../src/config/index.js';
import { startOtlpReceiver } from '../../src/ingest/index.js';
import { bundledTasks } from '../../src/suites/index.js';
import { startLoopbackServer } from '../../src/testing/index.js';
import { runAndRead } from './run-helper.js';

const EXAMPLES = join(process.cwd(), 'examples');
const bundled = async (name: string) => bundledTasks().find((task) => task.name === name);

describe('examples stay valid and run', () => {
  it.each(['vllm-fabric', 'anthropic-fabric'])('%s/agentperf.yaml validates', async (name) => {
    const suite = await loadSuiteFile(join(EXAMPLES, name, 'agentperf.yaml'), bundled);
    expect(suite.tasks.length).toBeGreaterThan(0);
    expect(Object.keys(suite.config.fabrics)).toHaveLength(1);
  });

  it('ai-sdk-agent: the Vercel AI SDK calls are recorded through ctx.fetch', async () => {
    const model = await startLoopbackServer({ ttftMs: 2, interTokenMs: 1, outputTokens: 6 });
    process.env.AI_SDK_BASE_URL = model.baseUrl;
    try {
      const suite = await loadSuiteFile(join(EXAMPLES, 'ai-sdk-agent', 'agentperf.ts'), bundled);
      const { tasks, spans } = await runAndRead(suite, '1', 3);
      for (const record of tasks) {
        expect(record.error).toBeNull();
        const chats = spans.filter((span) => span.taskExecId === record.taskExecId && span.kind === 'chat');
        expect(chats).toHaveLength(2);
        for (const chat of chats) {
          expect(chat.outputTokens).toBe(6);
          expect(chat.ttftMs).not.toBeNull();
        }
      }
    } finally {
      delete process.env.AI_SDK_BASE_URL;
      await model.close();
    }
  });

  it('black-box-agent: the example suite measures the example agent through its spans', async () => {
    const port = await freePort();
    const model = await startLoopbackServer({ outputTokens: 3 });
    const agent = await startBlackBoxAgent({
      modelBaseUrl: model.baseUrl,
      model: 'loopback',
      tracesUrl: `http://127.0.0.1:${port}/v1/traces`,
    });
    process.env.AGENTPERF_OTLP_PORT = String(port);
    process.env.AGENT_URL = agent.url;
    try {
      const suite = await loadSuiteFile(join(EXAMPLES, 'black-box-agent', 'agentperf.ts'), bundled);
      const { tasks, spans } = await runAndRead(suite, '2', 4);
      expect(tasks.every((record) => record.passed)).toBe(true);
      const kinds = spans.filter((span) => span.taskExecId === tasks[0]!.taskExecId).map((span) => span.kind);
      expect(kinds).toEqual(expect.arrayContaining(['chat', 'tool', 'embed']));
    } finally {
      delete process.env.AGENTPERF_OTLP_PORT;
      delete process.env.AGENT_URL;
      // The suite's receiver: the same handle is returned for its port, so it can be closed here.
      await (await startOtlpReceiver({ port })).close();
      await agent.close();
      await model.close();
    }
  });

  it("mcp-tool: loads with the MCP server's tools (in a child process, which ends the server with it)", async () => {
    const script = `
      import { loadSuiteFile } from './src/config/index.ts';
      const suite = await loadSuiteFile('examples/mcp-tool/agentperf.ts', async () => undefined);
      console.log(JSON.stringify(suite.tasks.map((task) => [task.name, (task.tools ?? []).map((tool) => tool.name).sort()])));
      process.exit(0);
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: process.cwd(),
        timeout: 60_000,
      },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([['mcp-sum', ['echo', 'get-sum']]]);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
