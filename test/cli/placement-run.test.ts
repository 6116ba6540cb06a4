import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResults, SpanRecord } from '../../src/spec/index.js';
import { runCli } from '../support/cli.js';
import { readJsonl } from '../support/suites.js';
import { tempDir } from '../support/temp-dir.js';

describe('agentperf run with the bundled placement', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('research on sim-gpu-pool: each remote call pays the 20 ms hop on the real path and its span says so', async () => {
    const out = join(dir.path, 'runs');
    const run = await runCli(
      [
        'run',
        '--fabric',
        'sim-gpu-pool',
        '--task',
        'research',
        '--levels',
        '1',
        '--tasks',
        '2',
        '--quiet',
        '--out',
        out,
      ],
      { cwd: dir.path },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const runDir = join(out, readdirSync(out).find((name) => name.includes('sim-gpu-pool'))!);
    const spans = readJsonl<SpanRecord>(join(runDir, 'spans.jsonl'));
    const remote = spans.filter((span) => span.name === 'search' || span.name === 'fetch_page');
    expect(remote.length).toBeGreaterThanOrEqual(4);
    for (const span of remote) {
      expect(span.placement).toBe(span.name === 'search' ? 'search-api' : 'web');
      expect(span.simulated).toBe(true);
      // 20 ms ± 2 ms round trip, held by the relay: never much under 20 ms.
      expect(span.networkMs).toBeGreaterThan(12);
      expect(span.endMs - span.startMs).toBeGreaterThan(span.networkMs!);
    }
    const orchestration = spans.filter((span) => span.kind === 'orchestration');
    expect(orchestration.every((span) => span.placement === 'h100-host')).toBe(true);
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as RunResults;
    const level = results.levels[0]!;
    expect(level.byTool?.fetch_page?.placement).toBe('web');
    expect(level.byStepKind.network?.criticalPathShare).toBeGreaterThan(0);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toContain('network p50 (simulated)');
  }, 120_000);

  it('a negative round trip in a placement is bad input: exit 2, one line naming the field', async () => {
    const file = join(dir.path, 'bad.yaml');
    writeFileSync(
      file,
      `name: bad
tasks: [{ use: research }]
fabrics:
  sim:
    endpoints: { sim: { type: simulator } }
    roles:
      planner: { endpoint: sim, model: llama-3.1-70b }
      worker: { endpoint: sim, model: llama-3.1-8b }
    placement:
      tools:
        search: { host: far, network: { rttMs: -1 } }
`,
    );
    const run = await runCli(['run', file, '--quiet'], { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('fabrics.sim.placement.tools.search.network.rttMs');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
