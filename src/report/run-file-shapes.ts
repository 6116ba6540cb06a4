import { UsageError } from '../errors.js';
import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';

const FIX = 'pass a run id or a directory written by `agentperf run`';

/** Refuses a results.json that is JSON but not agentperf results (say `{}`), before anything reads its fields. */
export function checkResultsShape(value: unknown, path: string): asserts value is RunResults {
  const results = value as Partial<RunResults> | null;
  const missing = ['runId', 'suite', 'fabric', 'levels'].filter((field) =>
    field === 'levels'
      ? !Array.isArray(results?.levels)
      : typeof (results as Record<string, unknown> | null)?.[field] !== 'string',
  );
  if (typeof value !== 'object' || value === null || Array.isArray(value) || missing.length > 0) {
    throw new UsageError(`${path} is not an agentperf results file: it has no ${missing.join(', ')}`, FIX);
  }
}

/** Refuses JSONL lines that are JSON but not task records, naming the first such line (`firstIndex`: records before this chunk). */
export function checkTaskRecords(
  records: readonly unknown[],
  path: string,
  firstIndex = 0,
): asserts records is TaskRecord[] {
  checkRecords(
    records,
    path,
    firstIndex,
    'task',
    (record) =>
      typeof record.taskExecId === 'string' &&
      typeof record.level === 'string' &&
      typeof record.e2eMs === 'number',
  );
}

/** Refuses JSONL lines that are JSON but not span records, naming the first such line (`firstIndex`: records before this chunk). */
export function checkSpanRecords(
  records: readonly unknown[],
  path: string,
  firstIndex = 0,
): asserts records is SpanRecord[] {
  checkRecords(
    records,
    path,
    firstIndex,
    'span',
    (record) =>
      typeof record.spanId === 'string' &&
      typeof record.taskExecId === 'string' &&
      typeof record.startMs === 'number',
  );
}

function checkRecords(
  records: readonly unknown[],
  path: string,
  firstIndex: number,
  kind: string,
  looksRight: (record: Record<string, unknown>) => boolean,
): void {
  for (const [index, record] of records.entries()) {
    if (typeof record === 'object' && record !== null && looksRight(record as Record<string, unknown>))
      continue;
    // Blank lines are skipped when reading, so the index is the record's, which is the line for any file agentperf wrote.
    throw new UsageError(
      `${path}: record ${firstIndex + index + 1} is not an agentperf ${kind} record (${JSON.stringify(record).slice(0, 80)})`,
      FIX,
    );
  }
}
