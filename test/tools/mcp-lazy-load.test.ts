import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HOOK = new URL('./fixtures/report-sdk-loads.mjs', import.meta.url).href;
const TOOLS = new URL('../../src/tools/index.ts', import.meta.url).href;

async function sdkLoads(afterImport: string): Promise<string> {
  const script = `
    import { register } from 'node:module';
    register(${JSON.stringify(HOOK)});
    const tools = await import(${JSON.stringify(TOOLS)});
    ${afterImport}`;
  const { stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return stderr;
}

describe('MCP SDK loading', () => {
  it('is not loaded by importing the tools, only by connecting', async () => {
    const [importOnly, connecting] = await Promise.all([
      sdkLoads('tools.createSearchIndex().close();'),
      sdkLoads(
        "await tools.connectMcp({ name: 'x', transport: 'http', url: 'http://127.0.0.1:1/mcp' }).catch(() => {});",
      ),
    ]);
    expect(importOnly).not.toContain('SDK-LOADED');
    expect(connecting).toContain('SDK-LOADED @modelcontextprotocol/sdk/client/index.js');
  });
});
