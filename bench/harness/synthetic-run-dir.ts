import { once } from 'node:events';
import { createWriteStream, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticRun } from '../../test/report/support/synthetic-run.js';

/** Writes a synthetic run of about `totalTasks` tasks over levels 1, 16, 64 as a run directory. */
export async function writeSyntheticRunDirectory(
  directory: string,
  totalTasks: number,
): Promise<{ tasks: number; spans: number; jsonlBytes: number }> {
  const levels = [1, 16, 64];
  const run = syntheticRun({
    seed: 1,
    concurrencies: levels,
    tasksPerLevel: Math.ceil(totalTasks / levels.length),
    extraToolSteps: 3,
  });
  writeFileSync(join(directory, 'results.json'), JSON.stringify(run.results));
  await writeLines(join(directory, 'tasks.jsonl'), run.tasks);
  await writeLines(join(directory, 'spans.jsonl'), run.spans);
  const jsonlBytes =
    statSync(join(directory, 'tasks.jsonl')).size + statSync(join(directory, 'spans.jsonl')).size;
  return { tasks: run.tasks.length, spans: run.spans.length, jsonlBytes };
}

async function writeLines(path: string, records: readonly unknown[]): Promise<void> {
  const stream = createWriteStream(path);
  for (const record of records) {
    if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}
