import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { resultsFromRecords } from '../metrics/index.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
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
    try {
      results = JSON.parse(await readFile(resultsPath, 'utf8')) as RunResults;
    } catch (error) {
      throw new UsageError(`${resultsPath} is not valid JSON: ${(error as Error).message}`);
    }
    checkResultsShape(results, resultsPath);
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

/**
 * One JSON value per non-blank line; a bad line is an error naming the file
 * and line. Reads 4 MiB chunks and splits them itself (JSON.parse dominates
 * either way; this avoids readline's per-line events).
 */
export async function readJsonLines<T>(path: string, notes?: string[]): Promise<T[]> {
  if (!existsSync(path)) return [];
  const records: T[] = [];
  let carry = '';
  let lineNumber = 0;
  const parse = (line: string) => {
    lineNumber++;
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      throw new UsageError(`${path}:${lineNumber} is not valid JSON: ${(error as Error).message}`);
    }
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 4 * 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop()!;
      for (const line of lines) parse(line);
    }
    if (carry !== '') {
      // A last line with no newline was cut mid-write (a killed run): drop it, say so.
      try {
        parse(carry);
      } catch (error) {
        if (notes === undefined) throw error;
        notes.push(`dropped a torn last line of ${path} (cut mid-write when the run stopped)`);
      }
    }
  } finally {
    stream.destroy();
  }
  return records;
}
