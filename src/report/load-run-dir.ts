import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { resultsFromRecords } from '../metrics/index.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { jsonLineChunks } from './json-line-chunks.js';
import type { ReportInput } from './report-input.js';
import { checkResultsShape, checkSpanRecords, checkTaskRecords } from './run-file-shapes.js';

/** Written by `agentperf run` when a run starts; what a run that never finished is known by. */
const RUN_PLAN_FILE = 'run-plan.json';

/** True when the path is a run directory: it holds results.json, or the records of a run that never finished. */
export function isRunDirectory(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isDirectory()) return false;
  if (existsSync(join(path, 'results.json'))) return true;
  return existsSync(join(path, 'tasks.jsonl')) && existsSync(join(path, RUN_PLAN_FILE));
}

/**
 * Loads a run directory: results.json, tasks.jsonl and spans.jsonl. The
 * JSONL files are streamed in chunks so a run of 100,000 tasks never has
 * to exist as one string. A missing JSONL file reads as no records.
 */
export async function loadRunDirectory(directory: string): Promise<ReportInput> {
  const resultsPath = join(directory, 'results.json');
  const finished = existsSync(resultsPath);
  if (!finished && !existsSync(join(directory, RUN_PLAN_FILE))) {
    throw new UsageError(
      `${directory} is not a run directory: results.json is missing`,
      'pass a run id or a directory written by `agentperf run`',
    );
  }
  const notes: string[] = [];
  const [tasks, spans] = await Promise.all([
    readJsonLines<TaskRecord>(join(directory, 'tasks.jsonl'), notes),
    readJsonLines<SpanRecord>(join(directory, 'spans.jsonl'), notes),
  ]);
  checkTaskRecords(tasks, join(directory, 'tasks.jsonl'));
  checkSpanRecords(spans, join(directory, 'spans.jsonl'));
  let results: RunResults;
  if (finished) {
    results = await readResultsFile(directory);
  } else {
    const plan = JSON.parse(await readFile(join(directory, RUN_PLAN_FILE), 'utf8')) as {
      runId: string;
      startedAt: string;
      suiteName: string;
      fabric: string;
      simulated: boolean;
    };
    results = resultsFromRecords(
      { ...plan, suite: plan.suiteName, config: null, gitRevision: null },
      tasks,
      spans,
    );
    notes.push(
      `the run did not finish (no results.json): figures are recomputed from the ${tasks.length} task record(s) it kept; \`agentperf run --resume ${directory}\` completes it`,
    );
  }
  return { results, tasks, spans, ...(notes.length > 0 ? { notes } : {}) };
}

/** results.json of a finished run directory; invalid JSON is a usage error naming the file. */
export async function readResultsFile(directory: string): Promise<RunResults> {
  const resultsPath = join(directory, 'results.json');
  let results: RunResults;
  try {
    results = JSON.parse(await readFile(resultsPath, 'utf8')) as RunResults;
  } catch (error) {
    throw new UsageError(`${resultsPath} is not valid JSON: ${(error as Error).message}`);
  }
  checkResultsShape(results, resultsPath);
  return results;
}

/**
 * One JSON value per non-blank line, all in memory; a bad line is an error
 * naming the file and line (see jsonLineChunks for the streaming form).
 */
export async function readJsonLines<T>(path: string, notes?: string[]): Promise<T[]> {
  const records: T[] = [];
  for await (const chunk of jsonLineChunks<T>(path, notes)) for (const record of chunk) records.push(record);
  return records;
}
