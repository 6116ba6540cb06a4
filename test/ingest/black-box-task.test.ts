import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlackBoxAgent, startBlackBoxAgent } from '../../examples/black-box-agent/agent.js';
import {
  defineHttpAgentTask,
  type OtlpReceiverHandle,
  type RecordingProxyHandle,
  startOtlpReceiver,
  startRecordingProxy,
} from '../../src/ingest/index.js';
import { type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { blackBoxSuite, runAndRead } from './run-helper.js';

const COUNTRIES = [
  { country: 'France', capital: 'Paris' },
  { country: 'Japan', capital: 'Tokyo' },
  { country: 'Kenya', capital: 'Nairobi' },
];

describe('a black-box HTTP agent measured through its OpenTelemetry spans', () => {
  let model: LoopbackServer;
  let receiver: OtlpReceiverHandle;
  beforeAll(async () => {
    model = await startLoopbackServer({ ttftMs: 3, interTokenMs: 1, outputTokens: 5 });
    receiver = await startOtlpReceiver({ port: 0 });
  });
  afterAll(async () => {
    await receiver.close();
    await model.close();
  });

  for (const protocol of ['json', 'protobuf'] as const) {
    it(`records the agent's chat, tool and embeddings spans as the task's steps (${protocol})`, async () => {
      const agent = await startBlackBoxAgent({
        modelBaseUrl: model.baseUrl,
        model: 'loopback',
        tracesUrl: receiver.tracesUrl,
        protocol,
      });
      try {
        const task = defineHttpAgentTask({
          name: 'capital-agent',
          url: agent.url,
          cases: COUNTRIES,
          caseId: (theCase) => theCase.country,
          request: (theCase) => ({ country: theCase.country }),
          grade: ({ case: theCase, answer, steps }) => ({
            passed: answer === theCase.capital && steps.length === 3,
            reason: `${answer}, ${steps.length} steps`,
          }),
          receiver,
          quietMs: 30,
        });
        const { tasks, spans } = await runAndRead(await blackBoxSuite([task]), '1,2', 6);
        expect(tasks.length).toBeGreaterThanOrEqual(6);
        for (const record of tasks) {
          expect(record.error).toBeNull();
          expect(record.passed).toBe(true);
          const own = spans.filter((span) => span.taskExecId === record.taskExecId);
          const work = own.filter((span) => span.kind !== 'orchestration' && span.kind !== 'queue');
          // The HTTP root and the invoke_agent container are not steps; their leaves are.
          expect(work.map((span) => span.kind)).toEqual(['chat', 'tool', 'embed']);
          expect(record.steps).toBe(3);
          const [chat, tool, embed] = work;
          expect(chat!.name).toBe('loopback');
          expect(chat!.endpoint).toBe('openai');
          expect(chat!.outputTokens).toBe(5);
          expect(chat!.inputTokens).toBeGreaterThan(0);
          expect(chat!.ttftMs).not.toBeNull();
          expect(chat!.ttftMs!).toBeLessThanOrEqual(chat!.endMs - chat!.startMs);
          expect(tool!.name).toBe('lookup_capital');
          expect(embed!.endpoint).toBe('openai');
          expect(embed!.inputTokens).toBe(4);
          // The agent ran them in sequence, inside the request. The OTel JS SDK stamps span
          // starts with Date.now() (whole ms), so order holds only to within a millisecond or so.
          expect(chat!.endMs).toBeLessThanOrEqual(tool!.startMs + 2);
          expect(tool!.endMs).toBeLessThanOrEqual(embed!.startMs + 2);
          expect(chat!.startMs).toBeLessThan(embed!.startMs);
          for (const span of work) {
            expect(span.startMs).toBeGreaterThanOrEqual(record.startMs - 1e-6);
            expect(span.endMs).toBeLessThanOrEqual(record.endMs + 1e-6);
          }
          expect(record.inputTokens).toBe(chat!.inputTokens + embed!.inputTokens);
        }
      } finally {
        await agent.close();
      }
    });
  }
});

describe('the recording proxy in a run', () => {
  let model: LoopbackServer;
  let proxy: RecordingProxyHandle;
  let receiver: OtlpReceiverHandle;
  let agent: BlackBoxAgent;
  beforeAll(async () => {
    model = await startLoopbackServer({ ttftMs: 2, outputTokens: 4 });
    proxy = await startRecordingProxy({ upstream: model.baseUrl, placement: 'loopback-gpu' });
    receiver = await startOtlpReceiver({ port: 0 });
    // The agent's model calls go through the proxy, carrying the trace of the request agentperf sent.
    agent = await startBlackBoxAgent({
      modelBaseUrl: proxy.baseUrl,
      model: 'loopback',
      tracesUrl: receiver.tracesUrl,
    });
  });
  afterAll(async () => {
    await agent.close();
    await receiver.close();
    await proxy.close();
    await model.close();
  });

  it('attributes each model call to the task whose trace it carried, under concurrency', async () => {
    const task = defineHttpAgentTask({
      name: 'proxied-agent',
      url: agent.url,
      cases: COUNTRIES,
      request: (theCase) => ({ country: theCase.country }),
      grade: ({ case: theCase, answer }) => ({ passed: answer === theCase.capital }),
      // Steps from the proxy only: the spans still arrive, but this task ignores them.
      proxy,
    });
    const { tasks, spans } = await runAndRead(await blackBoxSuite([task]), '3', 9);
    for (const record of tasks) {
      const work = spans.filter(
        (span) =>
          span.taskExecId === record.taskExecId && span.kind !== 'orchestration' && span.kind !== 'queue',
      );
      expect(work.map((span) => span.kind)).toEqual(['chat', 'embed']);
      expect(work.every((span) => span.placement === 'loopback-gpu')).toBe(true);
      expect(work[0]!.outputTokens).toBe(4);
      for (const span of work) {
        expect(span.startMs).toBeGreaterThanOrEqual(record.startMs - 1e-6);
        expect(span.endMs).toBeLessThanOrEqual(record.endMs + 1e-6);
      }
    }
    // Every call the model server saw was attributed to exactly one task.
    const recorded = spans.filter((span) => span.kind === 'chat' || span.kind === 'embed');
    expect(recorded).toHaveLength(model.requests);
  });
});
