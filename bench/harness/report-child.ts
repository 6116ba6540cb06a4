/**
 * One measured pass over a run directory, in its own process so its peak RSS
 * is its own: `report` (agentperf report, HTML and Markdown) or `parse` (the
 * floor: read both JSONL files line by line and JSON.parse each line).
 * Prints {"ms": …, "maxRssMiB": …}.
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
console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
