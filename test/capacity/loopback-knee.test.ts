import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCapacity, realProbe } from '../../src/capacity/index.js';
import { parseThreshold } from '../../src/metrics/index.js';
import type { CapacityEntry, CapacityFile } from '../../src/spec/index.js';
import { demoTask, type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { runCli } from '../support/cli.js';
import { testSuite } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

// A server whose knee is known exactly: 4 slots, so 4 agents never queue and 5 do (see service-slots.ts).
const KNEE = 4;
const PROBE_TASKS = 400;

function suiteYaml(baseUrl: string, taskModule: string): string {
  return `name: knee
tasks:
  - module: ${taskModule}
    export: demoTask
fabrics:
  knee:
    endpoints:
      api: { type: openai, baseUrl: "${baseUrl}", prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } } }
    roles:
      worker: { endpoint: api, model: loopback }
`;
}

describe('capacity search against a constructed latency-versus-load curve', () => {
  let server: LoopbackServer;
  const dir = tempDir();
  let entry: CapacityEntry;

  beforeAll(async () => {
    server = await startLoopbackServer({
      outputTokens: 2,
      // Scaled so a busy machine's timer lag (tens of ms) cannot move a probe across the 250 ms bound.
      serviceCurve: { servers: KNEE, serviceMs: 20, queuedServiceMs: 300 },
    });
    const suite = await testSuite({
      name: 'knee',
      tasks: [demoTask],
      fabrics: {
        knee: {
          endpoints: {
            api: {
              type: 'openai',
              baseUrl: server.baseUrl,
              prices: { loopback: { inputPerMTok: 1, outputPerMTok: 1 } },
            },
          },
          roles: { worker: { endpoint: 'api', model: 'loopback' } },
        },
      },
    });
    const slos = [parseThreshold('e2e.p95<250ms')];
    const probe = realProbe({
      suite,
      fabric: 'knee',
      mode: 'agents',
      slos,
      probeTasks: PROBE_TASKS,
      probeDuration: null,
      seed: 3,
      confidence: 0.95,
      outDir: join(dir.path, 'probes'),
      storePath: join(dir.path, 'probes', 'agentperf.db'),
      signal: new AbortController().signal,
    });
    entry = await findCapacity(probe, {
      fabric: 'knee',
      mode: 'agents',
      slos,
      search: { min: 2, max: 16, resolution: 1, integer: true },
    });
  }, 120_000);

  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('finds the true knee within one step of its resolution', () => {
    expect(entry.status).toBe('converged');
    expect(entry.capacity).not.toBeNull();
    expect(Math.abs(entry.capacity! - KNEE)).toBeLessThanOrEqual(1);
    expect(entry.bracket[1]! - entry.bracket[0]!).toBeLessThanOrEqual(1);
    expect(entry.answer).toContain(`sustains ${entry.capacity} agents`);
    expect(entry.answer).toMatch(/misses e2e\.p95<250ms: p95 \d/);
  });

  it('decides clear probes with fewer samples than the fixed budget', () => {
    const clear = entry.probes.filter((probe) => probe.load <= KNEE - 1 || probe.load >= KNEE + 2);
    expect(clear.length).toBeGreaterThanOrEqual(2);
    for (const probe of clear) {
      expect(probe.verdict).toBe(probe.load < KNEE ? 'met' : 'missed');
      expect(probe.endedBy).toBe('rule');
      expect(probe.samples).toBeLessThan(PROBE_TASKS);
    }
    // A miss this clear settles at the first looks, far sooner than a met.
    const missed = clear.filter((probe) => probe.verdict === 'missed');
    expect(Math.max(...missed.map((probe) => probe.samples))).toBeLessThan(100);
  });

  it('shows every SLO with its interval at each probe', () => {
    for (const probe of entry.probes) {
      const [slo] = probe.slos;
      expect(slo!.samples).toBe(probe.samples);
      if (slo!.interval !== null) expect(slo!.interval[0]).toBeLessThanOrEqual(slo!.interval[1]);
    }
    expect(entry.atCapacity?.stepsPerSecond).toBeGreaterThan(0);
  });

  it('runs as a command: capacity.json, report.md and report.html; bad input exits 2', async () => {
    const taskModule = join(dir.path, 'demo-task.ts');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      taskModule,
      `export { demoTask } from ${JSON.stringify(join(process.cwd(), 'src/testing/index.ts'))};\n`,
    );
    writeFileSync(join(dir.path, 'knee.yaml'), suiteYaml(server.baseUrl, taskModule));
    const result = await runCli(
      [
        'capacity',
        'knee.yaml',
        '--slo',
        'e2e.p95<250ms',
        '--min',
        '3',
        '--max',
        '5',
        '--out',
        'cap',
        '--seed',
        '5',
      ],
      { cwd: dir.path },
    );
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(result.code).toBe(0);
    const match = /capacity: (\S+capacity\.json)/.exec(result.stdout);
    expect(match).not.toBeNull();
    const file = JSON.parse(readFileSync(match![1]!, 'utf8')) as CapacityFile;
    expect(file.status).toBe('complete');
    const [fabric] = file.fabrics;
    expect(fabric!.fabric).toBe('knee');
    expect(fabric!.slo).toEqual(['e2e.p95<250ms']);
    expect(Math.abs(fabric!.capacity! - KNEE)).toBeLessThanOrEqual(1);
    expect(fabric!.probes.length).toBeGreaterThan(1);
    const capacityDir = join(match![1]!, '..');
    expect(existsSync(join(capacityDir, 'report.md'))).toBe(true);
    const html = readFileSync(join(capacityDir, 'report.html'), 'utf8');
    expect(html).toContain('chart-capacity-0');
    expect(readFileSync(join(capacityDir, 'report.md'), 'utf8')).toContain(fabric!.answer.slice(0, 20));

    const bad = await runCli(['capacity', 'knee.yaml', '--slo', 'e2e.p95<250ms@c4'], { cwd: dir.path });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('an SLO applies to every load');
    const none = await runCli(['capacity', 'knee.yaml'], { cwd: dir.path });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--slo');
  }, 120_000);
});
