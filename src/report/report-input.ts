import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';

/** A run as the reports read it: results.json plus the two record files. */
export interface ReportInput {
  results: RunResults;
  tasks: TaskRecord[];
  spans: SpanRecord[];
}
