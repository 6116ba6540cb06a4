/**
 * `agentperf report` on a big synthetic run directory against a bare
 * line-by-line parse of the same files, each in its own process (time and
 * peak RSS), interleaved. TASKS=1000000 for the million (~8 spans a
 * task: several GB of JSONL); the default is 100,000.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSpread, REPETITIONS } from './stats.js';
import { writeSyntheticRunDirectory } from './synthetic-run-dir.js';

const TASKS = Number(process.env.REPORT_TASKS ?? 100_000);

function measure(mode: 'report' | 'parse', directory: string): { ms: number; maxRssMiB: number } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'report-child.ts'), mode, directory],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; maxRssMiB: number };
}

export async function reportScale(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'agentperf-bench-report-'));
  try {
    const run = await writeSyntheticRunDirectory(directory, TASKS);
    console.log(
      `### agentperf report on ${run.tasks.toLocaleString('en')} tasks, ${run.spans.toLocaleString('en')} spans (${(run.jsonlBytes / 1e6).toFixed(0)} MB of JSONL) vs a bare line-by-line parse; each in its own process, min/median/max of ${REPETITIONS}`,
    );
    const rows: Array<{
      report: { ms: number; maxRssMiB: number };
      parse: { ms: number; maxRssMiB: number };
    }> = [];
    for (let rep = 0; rep < REPETITIONS; rep++)
      rows.push({ parse: measure('parse', directory), report: measure('report', directory) });
    console.log(
      `report ${formatSpread(
        rows.map((row) => row.report.ms / 1000),
        2,
      )} s, peak RSS ${formatSpread(rows.map((row) => row.report.maxRssMiB))} MiB`,
    );
    console.log(
      `parse  ${formatSpread(
        rows.map((row) => row.parse.ms / 1000),
        2,
      )} s, peak RSS ${formatSpread(rows.map((row) => row.parse.maxRssMiB))} MiB`,
    );
    console.log(
      `time ratio ${formatSpread(
        rows.map((row) => row.report.ms / row.parse.ms),
        2,
      )}×, RSS ratio ${formatSpread(
        rows.map((row) => row.report.maxRssMiB / row.parse.maxRssMiB),
        2,
      )}×`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
