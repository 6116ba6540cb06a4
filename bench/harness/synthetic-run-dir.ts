import { once } from 'node:events';
import { createWriteStream, statSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type SyntheticRunOptions,
  syntheticExecutions,
  syntheticRun,
} from '../../test/report/support/synthetic-run.js';

/**
 * Writes a synthetic run of about `totalTasks` tasks over levels 1, 16, 64
 * as a run directory, one execution at a time (a million tasks never exist
 * in memory at once). results.json is summarised from the first 1,000
 * tasks per level of the same seeded generator: the report renders it in
 * time independent of the run's size, so only the JSONL files need to be
 * full size. Task records count their spans (`spans`), as a run's do.
 */
export async function writeSyntheticRunDirectory(
  directory: string,
  totalTasks: number,
): Promise<{ tasks: number; spans: number; jsonlBytes: number }> {
  const levels = [1, 16, 64];
  const options: SyntheticRunOptions = {
    seed: 1,
    concurrencies: levels,
    tasksPerLevel: Math.ceil(totalTasks / levels.length),
    extraToolSteps: 3,
  };
  const sample = syntheticRun({ ...options, tasksPerLevel: Math.min(1000, options.tasksPerLevel!) });
  writeFileSync(join(directory, 'results.json'), JSON.stringify(sample.results));
  const tasksFile = createWriteStream(join(directory, 'tasks.jsonl'));
  const spansFile = createWriteStream(join(directory, 'spans.jsonl'));
  let tasks = 0;
  let spans = 0;
  let taskLines = '';
  let spanLines = '';
  for (const executed of syntheticExecutions(options)) {
    tasks++;
    // Counted as the runner counts them, so the report joins each task as it does a real run's.
    taskLines += `${JSON.stringify({ ...executed.task, spans: executed.spans.length })}\n`;
    for (const span of executed.spans) {
      spans++;
      spanLines += `${JSON.stringify(span)}\n`;
    }
    if (spanLines.length > 1 << 20) {
      await write(tasksFile, taskLines);
      await write(spansFile, spanLines);
      taskLines = '';
      spanLines = '';
    }
  }
  await write(tasksFile, taskLines);
  await write(spansFile, spanLines);
  await Promise.all([close(tasksFile), close(spansFile)]);
  const jsonlBytes =
    statSync(join(directory, 'tasks.jsonl')).size + statSync(join(directory, 'spans.jsonl')).size;
  return { tasks, spans, jsonlBytes };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (text !== '' && !stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}
