import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';

/** A run as the reports read it: results.json plus the two record files. */
export interface ReportInput {
  results: RunResults;
  tasks: TaskRecord[];
  spans: SpanRecord[];
  /** What the reader had to work around (a torn last line, no results.json), to show the user. */
  notes?: string[];
}
