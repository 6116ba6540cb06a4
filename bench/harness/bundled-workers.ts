/**
 * The bundled suite at 64 agents on the simulator, `run --workers 1` vs
 * `--workers 2`, each run a built CLI process of its own, interleaved,
 * REPETITIONS times: harness warnings, the worst thread's event-loop lag
 * p99 and busy fraction, e2e p50/p95 and the level's wall time.
 * Needs `npm run build` (dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LevelResult, RunResults } from '../../src/spec/index.js';
import { formatSpread, REPETITIONS } from './stats.js';

const AGENTS = process.env.AGENTS ?? '64';
const TASKS = process.env.TASKS ?? '256';
const FABRIC = process.env.FABRIC ?? 'sim-gpu-pool';
const WORKERS = (process.env.WORKERS ?? '1,2').split(',');

function runOnce(workers: string): LevelResult {
  const out = mkdtempSync(join(tmpdir(), 'agentperf-bench-workers-'));
  try {
    const child = spawnSync(
      process.execPath,
      [
        join(process.cwd(), 'dist/cli.js'),
        'run',
        '--fabric',
        FABRIC,
        '--levels',
        AGENTS,
        '--tasks',
        TASKS,
        '--workers',
        workers,
        '--quiet',
        '--out',
        out,
      ],
      { encoding: 'utf8', timeout: 600_000 },
    );
    if (child.status !== 0)
      throw new Error(`run --workers ${workers} failed (${child.status}): ${child.stderr}`);
    const runDir = readdirSync(out).find((name) => name.includes(FABRIC))!;
    const results = JSON.parse(readFileSync(join(out, runDir, 'results.json'), 'utf8')) as RunResults;
    return results.levels[0]!;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function bundledWorkers(): Promise<void> {
  console.log(
    `### bundled suite at ${AGENTS} agents on ${FABRIC} (${TASKS} tasks), --workers ${WORKERS.join(' vs ')}; min/median/max of ${REPETITIONS}`,
  );
  const levels = new Map<string, LevelResult[]>(WORKERS.map((workers) => [workers, []]));
  for (let rep = 0; rep < REPETITIONS; rep++)
    for (const workers of WORKERS) levels.get(workers)!.push(runOnce(workers));
  console.log(
    'workers  warnings  lag p99 ms        busy            e2e p50 ms        e2e p95 ms        wall s',
  );
  const base = levels.get(WORKERS[0]!)!;
  for (const [workers, runs] of levels) {
    console.log(
      [
        workers.padStart(7),
        formatSpread(runs.map((level) => level.harness.warnings.length)).padStart(8),
        formatSpread(runs.map((level) => level.harness.eventLoopLagMs.p99)).padStart(16),
        formatSpread(
          runs.map((level) => level.harness.cpuFraction),
          2,
        ).padStart(14),
        formatSpread(runs.map((level) => level.e2eMs.p50 ?? Number.NaN)).padStart(16),
        formatSpread(runs.map((level) => level.e2eMs.p95 ?? Number.NaN)).padStart(16),
        formatSpread(
          runs.map((level) => level.wallS),
          1,
        ).padStart(14),
      ].join('  '),
    );
  }
  for (const [workers, runs] of levels) {
    if (runs === base) continue;
    const ratio = (pick: (level: LevelResult) => number) =>
      `${formatSpread(
        runs.map((level, i) => pick(level) / Math.max(1e-9, pick(base[i]!))),
        2,
      )}×`;
    console.log(
      `--workers ${workers} / --workers ${WORKERS[0]} (pairwise, same repetition): lag p99 ${ratio((level) => level.harness.eventLoopLagMs.p99)}, e2e p50 ${ratio((level) => level.e2eMs.p50 ?? Number.NaN)}, e2e p95 ${ratio((level) => level.e2eMs.p95 ?? Number.NaN)}`,
    );
  }
  for (const [workers, runs] of levels)
    for (const warning of new Set(runs.flatMap((level) => level.harness.warnings)))
      console.log(`  workers ${workers}: ${warning}`);
}
