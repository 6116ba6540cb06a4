import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import type { ReportInput } from './report-input.js';

/** True when the path is a run directory (it holds results.json). */
export function isRunDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory() && existsSync(join(path, 'results.json'));
}

/**
 * Loads a run directory: results.json, tasks.jsonl and spans.jsonl. The
 * JSONL files are streamed in chunks so a run of 100,000 tasks never has
 * to exist as one string. A missing JSONL file reads as no records.
 */
export async function loadRunDirectory(directory: string): Promise<ReportInput> {
  const resultsPath = join(directory, 'results.json');
  if (!existsSync(resultsPath)) {
    throw new UsageError(
      `${directory} is not a run directory: results.json is missing`,
      'pass a run id or a directory written by `agentperf run`',
    );
  }
  let results: RunResults;
  try {
    results = JSON.parse(await readFile(resultsPath, 'utf8')) as RunResults;
  } catch (error) {
    throw new UsageError(`${resultsPath} is not valid JSON: ${(error as Error).message}`);
  }
  const [tasks, spans] = await Promise.all([
    readJsonLines<TaskRecord>(join(directory, 'tasks.jsonl')),
    readJsonLines<SpanRecord>(join(directory, 'spans.jsonl')),
  ]);
  return { results, tasks, spans };
}

/**
 * One JSON value per non-blank line; a bad line is an error naming the file
 * and line. Reads 4 MiB chunks and splits them itself (JSON.parse dominates
 * either way; this avoids readline's per-line events).
 */
export async function readJsonLines<T>(path: string): Promise<T[]> {
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
    if (carry !== '') parse(carry);
  } finally {
    stream.destroy();
  }
  return records;
}
