import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/config/index.js';
import { placeTools, runSuite } from '../../src/runner/index.js';
import type { RunResults, SpanRecord, TaskDefinition, ToolEnv } from '../../src/spec/index.js';
import { demoTask } from '../../src/testing/index.js';
import { functionTool } from '../../src/tools/index.js';
import { withLoopback } from '../support/loopback.js';
import { readJsonl, testSuite } from '../support/suites.js';
import { readFileSync } from 'node:fs';

const OWN_MS = 15;
const LINK = { rttMs: 40, jitterMs: 2 };

/** A tool whose own time is known: it waits OWN_MS, then echoes its argument. */
const slowEcho = functionTool({
  name: 'slow_echo',
  description: 'Waits, then echoes.',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  async run(args: { text: string }) {
    await new Promise((resolve) => setTimeout(resolve, OWN_MS));
    return { echoed: args.text };
  },
});

const task = { name: 'echo', roles: [], cases: [{}], tools: [slowEcho] } as unknown as TaskDefinition;
const env: ToolEnv = { state: undefined, signal: new AbortController().signal, caseId: '0', taskExecId: 't' };

describe('a tool placed 40 ms away', () => {
  it('pays its own time plus the round trip on the real call path, and reports the network part', async () => {
    const placed = await placeTools(
      [{ task } as never],
      { agent: 'cpu', tools: { slow_echo: { host: 'far', network: LINK } } },
      1,
    );
    const local = await placeTools([{ task } as never], undefined, 1);
    try {
      const remote = placed.byTask.get('echo')![0]!;
      const plain = local.byTask.get('echo')![0]!;
      expect(plain.placed).toBeUndefined();
      expect(remote.placed?.host).toBe('far');
      for (let call = 0; call < 8; call++) {
        const startedAt = performance.now();
        const outcome = await remote.placed!.call({ text: `hi ${call}` }, env);
        const totalMs = performance.now() - startedAt;
        expect(outcome).toMatchObject({ ok: true, value: { echoed: `hi ${call}` } });
        const networkMs = outcome.networkMs!;
        // The relay holds each leg for its modelled delay (20 ms ± 1.4 ms sd); 4 sd below is never drawn.
        expect(networkMs).toBeGreaterThan(LINK.rttMs - 4 * LINK.jitterMs);
        // What is not network is the tool's own work, which waited OWN_MS.
        expect(totalMs - networkMs).toBeGreaterThanOrEqual(OWN_MS - 1);
        expect(totalMs).toBeGreaterThanOrEqual(OWN_MS + LINK.rttMs - 4 * LINK.jitterMs);
      }
    } finally {
      await placed.close();
      await local.close();
    }
  });

  it('a tool error crosses the network as data, with the network part still measured', async () => {
    const failing = functionTool({
      name: 'fails',
      description: 'Always fails.',
      parameters: { type: 'object', properties: {} },
      run() {
        throw new Error('boom');
      },
    });
    const failingTask = { ...task, tools: [failing] } as TaskDefinition;
    const placed = await placeTools(
      [{ task: failingTask } as never],
      { agent: 'cpu', tools: { fails: { host: 'far', network: { rttMs: 10, jitterMs: 0 } } } },
      1,
    );
    try {
      const outcome = await placed.byTask.get('echo')![0]!.placed!.call({}, env);
      expect(outcome).toMatchObject({ ok: false, error: 'boom', known: false });
      expect(outcome.networkMs!).toBeGreaterThanOrEqual(9);
    } finally {
      await placed.close();
    }
  });
});

describe('a run whose fabric places the demo tool 40 ms away', () => {
  it('records the network share on each tool span, in byTool and in the critical path; without placement nothing changes', async () => {
    await withLoopback({ ttftMs: 2, interTokenMs: 1, outputTokens: 4 }, async (server, dir) => {
      const fabric = (placement: unknown) => ({
        endpoints: { local: { type: 'openai', baseUrl: server.baseUrl, placement: 'loopback' } },
        roles: { worker: { endpoint: 'local', model: 'loopback' } },
        ...(placement === undefined ? {} : { placement }),
      });
      const suite = await testSuite({
        name: 'placed-demo',
        tasks: [demoTask],
        fabrics: {
          near: fabric(undefined),
          far: fabric({
            agent: 'cpu-host',
            tools: { lookup_capital: { host: 'lookup-api', network: LINK } },
          }),
        },
      });
      const runOn = async (name: string) => {
        const outcome = await runSuite({
          suite,
          run: resolveRun(suite, { fabric: name, levels: '1', tasks: 4, seed: 3 }),
          outDir: dir,
          storePath: join(dir, 'store.db'),
          writeReports: false,
        });
        const results = JSON.parse(readFileSync(join(outcome.runDir, 'results.json'), 'utf8')) as RunResults;
        return { results, spans: readJsonl<SpanRecord>(join(outcome.runDir, 'spans.jsonl')) };
      };
      const near = await runOn('near');
      const far = await runOn('far');

      const nearTools = near.spans.filter((span) => span.kind === 'tool');
      expect(nearTools.every((span) => span.networkMs === null && span.placement === 'local')).toBe(true);
      expect(near.results.levels[0]!.byStepKind.network).toBeUndefined();
      expect(near.results.levels[0]!.byTool?.lookup_capital?.networkMs).toBeNull();

      const farTools = far.spans.filter((span) => span.kind === 'tool');
      expect(farTools.length).toBeGreaterThan(0);
      for (const span of farTools) {
        expect(span.placement).toBe('lookup-api');
        expect(span.simulated).toBe(true);
        expect(span.networkMs!).toBeGreaterThan(LINK.rttMs - 4 * LINK.jitterMs);
        expect(span.endMs - span.startMs).toBeGreaterThanOrEqual(span.networkMs!);
      }
      const orchestration = far.spans.filter((span) => span.kind === 'orchestration');
      expect(orchestration.every((span) => span.placement === 'cpu-host')).toBe(true);
      const level = far.results.levels[0]!;
      expect(level.byTool?.lookup_capital?.placement).toBe('lookup-api');
      expect(level.byTool?.lookup_capital?.networkMs?.p50).toBeGreaterThan(LINK.rttMs - 4 * LINK.jitterMs);
      expect(level.byTool!.lookup_capital!.networkCriticalPathShare).toBeGreaterThan(0);
      expect(level.byStepKind.network?.criticalPathShare).toBeCloseTo(
        level.byTool!.lookup_capital!.networkCriticalPathShare,
        6,
      );
      const shares = Object.values(level.byStepKind).reduce((sum, kind) => sum + kind.criticalPathShare, 0);
      expect(shares).toBeCloseTo(1, 6);
    });
  }, 60_000);
});
