/**
 * Runs the benchmarks: `npm run bench` (all) or `npm run bench -- NAME...`.
 * Each prints its own figures; docs/performance.md records current ones.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BENCHES: Record<string, { file: string; what: string }> = {
  harness: {
    file: 'harness-overhead.ts',
    what: 'harness CPU per step vs autocannon and undici, TTFT error, open-loop lateness, 10,000 agents, report at scale',
  },
  fetch: { file: 'fetch-instrumented.ts', what: 'ctx.fetch instrumentation cost per call' },
  'sim-timing': { file: 'sim-timing.ts', what: "simulator's token emission timing error at 1,000 streams" },
  'sim-fidelity': { file: 'sim-fidelity.ts', what: 'simulator vs published measurements' },
  whatif: {
    file: 'whatif.ts',
    what: 'what-if predictions of two placements against live runs of them (build first)',
  },
  report: {
    file: 'report-size.ts',
    what: 'report time and peak RSS vs a bare JSONL parse at 100,000 and 1,000,000 tasks',
  },
  'run-memory': {
    file: 'run-memory.ts',
    what: 'peak RSS of whole runs of 100,000 and 1,000,000 tasks on the loopback server (minutes)',
  },
  'capacity-sim': {
    file: 'capacity-sim.ts',
    what: 'capacity search on the simulator: half the replicas, lower capacity; same seed, same answer',
  },
  diagnostics: {
    file: 'diagnostics.ts',
    what: 'verdict trust: false alarms, detection of planted slowdowns, history onsets (simulated trials)',
  },
  'history-replay': {
    file: 'history-replay.ts',
    what: 're-scores the history series a diagnostics run kept (DIAG_KEEP) with the current analysis (--dir=...)',
  },
  'tool-network': {
    file: 'tool-network.ts',
    what: 'placed tools: network part of each call vs the modelled round trip; modelled service times vs published',
  },
  'sql-offload': {
    file: 'sql-offload.ts',
    what: 'harness event-loop lag with SQL tools in-thread vs in the worker pool',
  },
};

// Names select benches; flags (--runs=3, --write-band, ...) go to each selected bench unchanged.
const requested = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const flags = process.argv.slice(2).filter((argument) => argument.startsWith('--'));
const names = requested.length === 0 ? Object.keys(BENCHES) : requested;
let failed = false;
for (const name of names) {
  const bench = BENCHES[name];
  if (bench === undefined) {
    console.error(`no benchmark "${name}"; choose from: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## ${name}: ${bench.what}\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, bench.file), ...flags],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
