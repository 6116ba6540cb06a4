/**
 * One measured pass over a run directory, in its own process so its peak RSS
 * is its own: `report` (agentperf report, HTML and Markdown) or `parse` (the
 * floor: read both JSONL files line by line and JSON.parse each line).
 * Prints {"ms": …, "cpuMs": …, "maxRssMiB": …} (CPU: user + system, all threads;
 * less disturbed than wall time by other work on a shared machine).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { reportCommand } from '../../src/commands/report.js';

const [mode, directory] = process.argv.slice(2);
const started = performance.now();
if (mode === 'report') {
  await reportCommand({ run: directory! }, { store: null, runsDir: directory!, write: () => {} });
} else {
  let records = 0;
  for (const file of ['tasks.jsonl', 'spans.jsonl']) {
    const lines = createInterface({
      input: createReadStream(join(directory!, file)),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) if (line !== '' && JSON.parse(line) !== null) records++;
  }
  if (records === 0) process.exitCode = 1;
}
const ms = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
console.log(JSON.stringify({ ms, cpuMs, maxRssMiB: usage.maxRSS / 1024 }));
