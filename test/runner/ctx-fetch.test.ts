import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTask, resolveRun } from '../../src/config/index.js';
import { runSuite } from '../../src/runner/index.js';
import type { SpanRecord } from '../../src/spec/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { tempDir } from '../support/temp-dir.js';
import { testSuite } from '../support/suites.js';

describe('ctx.fetch: measuring an agent written with its own SDK', () => {
  let server: LoopbackServer;
  const dir = tempDir();
  beforeAll(async () => {
    server = await startLoopbackServer({ ttftMs: 10, interTokenMs: 1, outputTokens: 5 });
  });
  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('records each SDK call as a chat step with tokens and time to first token', async () => {
    const baseURL = server.baseUrl;
    const task = defineTask<{ n: number }, undefined, string>({
      name: 'sdk-agent',
      roles: [],
      cases: [{ n: 1 }, { n: 2 }],
      async agent(ctx) {
        // The user's own client, untouched except for the fetch it is given.
        const client = new OpenAI({ baseURL, apiKey: 'sk-test-not-a-real-key', fetch: ctx.fetch });
        const stream = await client.chat.completions.create({
          model: 'loopback',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: `case ${ctx.case.n}` }],
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        const second = await client.chat.completions.create({
          model: 'loopback',
          messages: [{ role: 'user', content: text }],
        });
        return second.choices[0]?.message.content ?? '';
      },
      grade: ({ answer }) => ({ passed: answer.startsWith('tok') }),
    });
    const suite = await testSuite({
      name: 'sdk',
      tasks: [task],
      fabrics: { none: { endpoints: {}, roles: {} } },
    });
    const run = resolveRun(suite, { levels: '1', tasks: 2, warmup: 0 });
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir.path,
      storePath: join(dir.path, 's.db'),
      writeReports: false,
    });
    const level = outcome.results.levels[0]!;
    expect(level.tasksPassed).toBe(2);
    const { readFileSync } = await import('node:fs');
    const spans = readFileSync(join(outcome.runDir, 'spans.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as SpanRecord);
    const chats = spans.filter((span) => span.kind === 'chat');
    expect(chats).toHaveLength(4);
    const streamed = chats.filter((span) => span.ttftMs !== null);
    expect(streamed).toHaveLength(2);
    for (const span of streamed) {
      expect(span.outputTokens).toBe(5);
      expect(span.ttftMs!).toBeGreaterThanOrEqual(9);
      expect(span.ttftMs!).toBeLessThanOrEqual(span.endMs - span.startMs);
      expect(span.endpoint).toBe(new URL(baseURL).host);
    }
    // The model "loopback" has no known price: cost is unpriced, not 0.
    expect(chats.every((span) => span.costUsd === null)).toBe(true);
    expect(level.costPerTaskUsd.unpricedTasks).toBe(2);
    // No secret reaches a record.
    expect(readFileSync(join(outcome.runDir, 'spans.jsonl'), 'utf8')).not.toContain('sk-test');
  });
});
