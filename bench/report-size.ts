/**
 * How long `agentperf report` takes on a big run and how large the HTML is.
 * Generates a synthetic run of 100,000 tasks (~800,000 spans) across three
 * levels, writes it as a run directory, then times the report command
 * (loading the JSONL files included). Usage: npx tsx bench/report-size.ts [tasks]
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { reportCommand } from '../src/commands/report.js';
import { syntheticRun } from '../test/report/support/synthetic-run.js';

async function writeLines(path: string, records: readonly unknown[]): Promise<void> {
  const stream = createWriteStream(path);
  for (const record of records) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

const totalTasks = Number(process.argv[2] ?? 100_000);
const levels = [1, 16, 64];
const directory = mkdtempSync(join(tmpdir(), 'agentperf-bench-report-'));
try {
  const generated = performance.now();
  const run = syntheticRun({
    seed: 1,
    concurrencies: levels,
    tasksPerLevel: Math.ceil(totalTasks / levels.length),
    extraToolSteps: 3,
  });
  writeFileSync(join(directory, 'results.json'), JSON.stringify(run.results));
  await writeLines(join(directory, 'tasks.jsonl'), run.tasks);
  await writeLines(join(directory, 'spans.jsonl'), run.spans);
  const inputBytes =
    statSync(join(directory, 'spans.jsonl')).size + statSync(join(directory, 'tasks.jsonl')).size;
  console.log(
    `generated ${run.tasks.length} tasks, ${run.spans.length} spans (${(inputBytes / 1e6).toFixed(0)} MB JSONL) in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
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
