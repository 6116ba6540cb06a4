/**
 * Capacity search on the simulator: a fabric with half the replicas of
 * another must get a lower capacity, with brackets that do not overlap, and
 * the same seed must give the same answer. Slow (real probes of the
 * simulated fabric, minutes), so it is a bench, not a test; the loopback
 * knee test covers the search itself.
 *
 *   npm run bench -- capacity-sim
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCapacity, realProbe } from '../src/capacity/index.js';
import { loadSuiteObject, resolveRun } from '../src/config/index.js';
import { parseThreshold } from '../src/metrics/index.js';
import { runSuite } from '../src/runner/index.js';
import type { CapacityEntry } from '../src/spec/index.js';
import { demoTask } from '../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'agentperf-capacity-'));
const fabricFile = (replicas: number): string => {
  const path = join(dir, `replicas-${replicas}.yaml`);
  writeFileSync(
    path,
    `description: capacity bench (simulated) - ${replicas} replica(s) of an 8B model, 2 sequences each
deployments:
  llama-3.1-8b:
    model: llama-3.1-8b-instruct
    hardware: h100-sxm
    serving: { tensorParallel: 1, replicas: ${replicas}, maxRunningSequences: 2, maxBatchedTokens: 8192 }
    placement: { label: h100, rttMs: 1 }
    prices: { inputPerMTok: 0.05, outputPerMTok: 0.15 }
`,
  );
  return path;
};
const fabric = (replicas: number) => ({
  endpoints: { sim: { type: 'simulator', fabric: fabricFile(replicas) } },
  roles: { worker: { endpoint: 'sim', model: 'llama-3.1-8b' } },
});

try {
  const suite = await loadSuiteObject(
    { name: 'capacity-bench', tasks: [demoTask], fabrics: { full: fabric(4), half: fabric(2) } },
    '(bench)',
    process.cwd(),
    async () => undefined,
  );
  // Calibrate the SLO on the unloaded fabric: p95 at one agent, times 1.6.
  const calibration = await runSuite({
    suite,
    run: resolveRun(suite, { fabric: 'full', levels: '1', tasks: 40, seed: 1 }),
    outDir: join(dir, 'calibration'),
    storePath: join(dir, 'calibration', 'agentperf.db'),
    writeReports: false,
  });
  const baseP95 = calibration.results.levels[0]!.e2eMs.p95!;
  const slo = `e2e.p95<${Math.round(baseP95 * 1.6)}ms`;
  console.log(`SLO ${slo} (1.6 x the one-agent p95 of ${baseP95.toFixed(0)} ms)`);
  const slos = [parseThreshold(slo)];
  const search = async (name: string, seed: number): Promise<CapacityEntry> => {
    const started = performance.now();
    const entry = await findCapacity(
      realProbe({
        suite,
        fabric: name,
        mode: 'agents',
        slos,
        probeTasks: 400,
        probeDuration: null,
        seed,
        confidence: 0.95,
        outDir: join(dir, 'probes'),
        storePath: join(dir, 'probes', 'agentperf.db'),
        signal: new AbortController().signal,
      }),
      { fabric: name, mode: 'agents', slos, search: { min: 1, max: 32, resolution: 1, integer: true } },
    );
    const samples = entry.probes.map((probe) => `${probe.label}:${probe.verdict}/${probe.samples}`).join(' ');
    console.log(
      `${name} seed ${seed}: capacity ${entry.capacity} bracket [${entry.bracket.join(', ')}] in ${((performance.now() - started) / 1000).toFixed(0)} s · ${samples}`,
    );
    for (const probe of entry.probes.filter((item) => item.note !== null))
      console.log(`  ${probe.label}: ${probe.note}`);
    return entry;
  };
  const full = await search('full', 11);
  const half = await search('half', 11);
  const again = await search('half', 11);
  const disjoint = half.bracket[1] !== null && full.bracket[0] !== null && half.bracket[1] <= full.bracket[0];
  console.log(
    `half < full: ${half.capacity! < full.capacity!} · brackets disjoint: ${disjoint} · same seed same answer: ${again.capacity === half.capacity}`,
  );
  process.exitCode = half.capacity! < full.capacity! && disjoint && again.capacity === half.capacity ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
