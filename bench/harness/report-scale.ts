/**
 * `agentperf report` on big synthetic run directories against a bare
 * line-by-line parse of the same files, each in its own process (time and
 * peak RSS), interleaved. REPORT_TASKS is a comma-separated list of sizes
 * (default 100,000 and 1,000,000: ~8 spans a task, about 4 GB of JSONL at
 * a million; the directory is written one execution at a time and removed
 * after). Prints min/median/max of REPS repetitions, the ratio to the bare
 * parse, and the report's peak RSS at each size against the smallest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSpread, REPETITIONS } from './stats.js';
import { writeSyntheticRunDirectory } from './synthetic-run-dir.js';

const SIZES = (process.env.REPORT_TASKS ?? '100000,1000000').split(',').map(Number);

interface Pass {
  ms: number;
  /** User + system CPU of the whole process (module loading included). */
  cpuMs: number;
  maxRssMiB: number;
}

function measure(mode: 'report' | 'parse', directory: string): Pass {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'report-child.ts'), mode, directory],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Pass;
}

export async function reportScale(): Promise<void> {
  const reportRss: number[][] = [];
  for (const size of SIZES) {
    const directory = mkdtempSync(join(tmpdir(), 'agentperf-bench-report-'));
    try {
      const generated = performance.now();
      const run = await writeSyntheticRunDirectory(directory, size);
      console.log(
        `### agentperf report on ${run.tasks.toLocaleString('en')} tasks, ${run.spans.toLocaleString('en')} spans (${(run.jsonlBytes / 1e6).toFixed(0)} MB of JSONL, written in ${((performance.now() - generated) / 1000).toFixed(0)} s) vs a bare line-by-line parse; each in its own process, min/median/max of ${REPETITIONS}`,
      );
      const rows: Array<{ report: Pass; parse: Pass }> = [];
      for (let rep = 0; rep < REPETITIONS; rep++)
        rows.push({ parse: measure('parse', directory), report: measure('report', directory) });
      reportRss.push(rows.map((row) => row.report.maxRssMiB));
      const line = (name: string, passes: Pass[]) =>
        console.log(
          `${name} ${formatSpread(
            passes.map((pass) => pass.ms / 1000),
            2,
          )} s, CPU ${formatSpread(
            passes.map((pass) => pass.cpuMs / 1000),
            2,
          )} s, peak RSS ${formatSpread(passes.map((pass) => pass.maxRssMiB))} MiB`,
        );
      line(
        'report',
        rows.map((row) => row.report),
      );
      line(
        'parse ',
        rows.map((row) => row.parse),
      );
      console.log(
        `time ratio ${formatSpread(
          rows.map((row) => row.report.ms / row.parse.ms),
          2,
        )}×, CPU ratio ${formatSpread(
          rows.map((row) => row.report.cpuMs / row.parse.cpuMs),
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
  for (let index = 1; index < SIZES.length; index++) {
    console.log(
      `report peak RSS at ${SIZES[index]!.toLocaleString('en')} tasks / at ${SIZES[0]!.toLocaleString('en')}: ${formatSpread(
        reportRss[index]!.map((rss, rep) => rss / reportRss[0]![rep]!),
        2,
      )}×`,
    );
  }
}
