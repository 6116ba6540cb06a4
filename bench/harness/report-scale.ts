/**
 * `agentperf report` on a big synthetic run directory against a bare
 * line-by-line parse of the same files, each in its own process (time and
 * peak RSS), interleaved. TASKS=1000000 for the million (~8 spans a
 * task: several GB of JSONL); the default is 100,000.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticRun } from '../../test/report/support/synthetic-run.js';
import { formatSpread, REPETITIONS } from './stats.js';

const TASKS = Number(process.env.REPORT_TASKS ?? 100_000);

async function writeLines(path: string, records: readonly unknown[]): Promise<void> {
  const stream = createWriteStream(path);
  for (const record of records) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

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
    const levels = [1, 16, 64];
    const run = syntheticRun({
      seed: 1,
      concurrencies: levels,
      tasksPerLevel: Math.ceil(TASKS / levels.length),
      extraToolSteps: 3,
    });
    writeFileSync(join(directory, 'results.json'), JSON.stringify(run.results));
    await writeLines(join(directory, 'tasks.jsonl'), run.tasks);
    await writeLines(join(directory, 'spans.jsonl'), run.spans);
    const megabytes =
      (statSync(join(directory, 'tasks.jsonl')).size + statSync(join(directory, 'spans.jsonl')).size) / 1e6;
    console.log(
      `### agentperf report on ${run.tasks.length.toLocaleString('en')} tasks, ${run.spans.length.toLocaleString('en')} spans (${megabytes.toFixed(0)} MB of JSONL) vs a bare line-by-line parse; each in its own process, min/median/max of ${REPETITIONS}`,
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
