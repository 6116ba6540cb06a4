import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/config/index.js';
import { startOtlpReceiver } from '../../src/ingest/index.js';
import { runSuite } from '../../src/runner/index.js';
import { demoTask, startLoopbackServer } from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';
import { testSuite } from '../support/suites.js';

describe('run --otlp', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('sends every span of every level to the collector, one trace per task execution', async () => {
    const server = await startLoopbackServer({ ttftMs: 1, outputTokens: 2 });
    const receiver = await startOtlpReceiver({ port: 0 });
    const messages: string[] = [];
    try {
      const suite = await testSuite({
        name: 'otlp',
        tasks: [demoTask],
        fabrics: {
          local: {
            endpoints: { api: { type: 'openai', baseUrl: server.baseUrl } },
            roles: { worker: { endpoint: 'api', model: 'm' } },
          },
        },
      });
      const run = resolveRun(suite, { levels: '1,2', tasks: 3 });
      const outcome = await runSuite({
        suite,
        run,
        outDir: dir.path,
        storePath: join(dir.path, 's.db'),
        writeReports: false,
        otlpUrl: receiver.tracesUrl,
        progress: { message: (text) => messages.push(text) },
      });
      const { readFileSync } = await import('node:fs');
      const spanLines = readFileSync(join(outcome.runDir, 'spans.jsonl'), 'utf8').trim().split('\n').length;
      const taskLines = readFileSync(join(outcome.runDir, 'tasks.jsonl'), 'utf8').trim().split('\n').length;
      expect(messages.filter((message) => message.includes('OTLP'))).toEqual([]);
      // Each task becomes a root span, each step a child.
      expect(receiver.spansReceived).toBe(spanLines + taskLines);
    } finally {
      await receiver.close();
      await server.close();
    }
  });
});
