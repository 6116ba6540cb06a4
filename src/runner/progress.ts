import type { ResolvedLevel } from '../config/index.js';
import type { LevelResult, SingleCallProbe, TaskRecord } from '../spec/index.js';

/** What the runner tells whoever shows progress. All calls must be cheap. */
export interface ProgressSink {
  runStarted?(info: {
    runId: string;
    runDir: string;
    /** ISO 8601 start of the run (the original start when resumed). */
    startedAt: string;
    suite: string;
    fabric: string;
    simulated: boolean;
    levels: ResolvedLevel[];
  }): void;
  message?(text: string): void;
  prepareProgress?(task: string, done: number, total: number, what: string): void;
  levelStarted?(level: ResolvedLevel, index: number): void;
  taskStarted?(level: ResolvedLevel): void;
  taskFinished?(level: ResolvedLevel, record: TaskRecord): void;
  levelFinished?(level: ResolvedLevel, result: LevelResult): void;
  /** The single-call probe starts (`run --single-call`), with when it runs. */
  singleCallStarted?(phase: string): void;
  singleCallFinished?(probes: Record<string, SingleCallProbe>): void;
}
