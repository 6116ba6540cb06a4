import type { RunStore } from '../spec/index.js';
import type { WriteFailure } from './write-failure.js';

/** A task record already serialised, with the columns the store files it under. */
export type TaskLine = { level: string; task: string; line: string };
/** A span record already serialised. */
export type SpanLine = { taskExecId: string; line: string };

/** Messages between the record writer (main thread) and its worker. */
export type WriterCommand =
  | {
      type: 'begin';
      seq: number;
      storePath: string;
      runDir: string;
      run: Parameters<RunStore['beginRun']>[0];
      /** Resuming: the run directory's files are kept and these kept records replace the store's copy. */
      resume?: { tasks: TaskLine[]; spans: SpanLine[] };
    }
  | {
      type: 'records';
      runId: string;
      tasks: TaskLine[];
      spans: SpanLine[];
      seq: number;
    }
  | { type: 'finish'; runId: string; resultsJson: string; status: string; finishedAt: string; seq: number }
  | { type: 'close'; seq: number };

export type WriterReply =
  | { type: 'ack'; seq: number }
  | { type: 'error'; seq: number; failure: WriteFailure };
