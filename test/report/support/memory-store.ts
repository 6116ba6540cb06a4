import type {
  RunResults,
  RunStore,
  SpanRecord,
  StoredRunSummary,
  TaskRecord,
} from '../../../src/spec/index.js';
import type { SyntheticRun } from './synthetic-run.js';

/** An in-memory RunStore for analysis tests: what the SQLite store keeps, without the file. */
export class MemoryStore implements RunStore {
  private readonly runs = new Map<
    string,
    { summary: StoredRunSummary; results: RunResults | null; tasks: TaskRecord[]; spans: SpanRecord[] }
  >();

  beginRun(run: Parameters<RunStore['beginRun']>[0]): void {
    this.runs.set(run.runId, {
      summary: {
        runId: run.runId,
        suite: run.suite,
        fabric: run.fabric,
        status: 'partial',
        startedAt: run.startedAt,
        finishedAt: null,
        simulated: run.simulated,
        gitRevision: run.gitRevision,
      },
      results: null,
      tasks: [],
      spans: [],
    });
  }

  appendTasks(records: TaskRecord[]): void {
    for (const record of records) this.runs.get(record.runId)?.tasks.push(record);
  }

  appendSpans(runId: string, records: SpanRecord[]): void {
    this.runs.get(runId)?.spans.push(...records);
  }

  finishRun(runId: string, results: RunResults): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    run.results = results;
    run.summary = { ...run.summary, status: results.status, finishedAt: results.finishedAt };
  }

  listRuns(filter: { suite?: string; limit?: number } = {}): StoredRunSummary[] {
    const list = [...this.runs.values()]
      .map((run) => run.summary)
      .filter((summary) => filter.suite === undefined || summary.suite === filter.suite)
      .sort((left, right) => right.startedAt.localeCompare(left.startedAt));
    return filter.limit === undefined ? list : list.slice(0, filter.limit);
  }

  loadResults(runId: string): RunResults | null {
    return this.runs.get(runId)?.results ?? null;
  }

  loadTasks(runId: string): TaskRecord[] {
    return this.runs.get(runId)?.tasks ?? [];
  }

  loadSpans(runId: string): SpanRecord[] {
    return this.runs.get(runId)?.spans ?? [];
  }

  close(): void {}

  /** Adds a whole synthetic run, as the runner would have streamed it. */
  add(run: SyntheticRun): void {
    const results = run.results;
    this.beginRun({
      runId: results.runId,
      suite: results.suite,
      fabric: results.fabric,
      startedAt: results.startedAt,
      simulated: results.simulated,
      config: results.config,
      gitRevision: results.environment.gitRevision,
    });
    const entry = this.runs.get(results.runId)!;
    entry.tasks.push(...run.tasks.map((task) => ({ ...task, runId: results.runId })));
    entry.spans.push(...run.spans);
    this.finishRun(results.runId, results);
  }
}
