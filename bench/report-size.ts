/**
 * How long `agentperf report` takes on a big run and how large the HTML is.
 * Generates a synthetic run of 100,000 tasks (~800,000 spans) across three
 * levels, writes it as a run directory, then times the report command
 * (loading the JSONL files included). Usage: npx tsx bench/report-size.ts [tasks]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportCommand } from '../src/commands/report.js';
import { writeSyntheticRunDirectory } from './harness/synthetic-run-dir.js';

const totalTasks = Number(process.argv[2] ?? 100_000);
const directory = mkdtempSync(join(tmpdir(), 'agentperf-bench-report-'));
try {
  const generated = performance.now();
  const run = await writeSyntheticRunDirectory(directory, totalTasks);
  console.log(
    `generated ${run.tasks} tasks, ${run.spans} spans (${(run.jsonlBytes / 1e6).toFixed(0)} MB JSONL) in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );
  const started = performance.now();
  await reportCommand({ run: directory }, { store: null, runsDir: directory, write: () => {} });
  const seconds = (performance.now() - started) / 1000;
  const htmlBytes = statSync(join(directory, 'report.html')).size;
  const markdownBytes = statSync(join(directory, 'report.md')).size;
  console.log(`agentperf report (load JSONL + aggregate + HTML + Markdown): ${seconds.toFixed(2)} s`);
  console.log(
    `report.html ${(htmlBytes / 1024).toFixed(0)} KiB, report.md ${(markdownBytes / 1024).toFixed(1)} KiB`,
  );
  console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
