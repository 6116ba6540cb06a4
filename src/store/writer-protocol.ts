import type { RunStore, SpanRecord, TaskRecord } from '../spec/index.js';

/** Messages between the record writer (main thread) and its worker. */
export type WriterCommand =
  | {
      type: 'begin';
      seq: number;
      storePath: string;
      runDir: string;
      run: Parameters<RunStore['beginRun']>[0];
    }
  | {
      type: 'records';
      runId: string;
      /** Records as they are; the worker serialises them. */
      tasks: TaskRecord[];
      spans: SpanRecord[];
      seq: number;
    }
  | { type: 'finish'; runId: string; resultsJson: string; status: string; finishedAt: string; seq: number }
  | { type: 'close'; seq: number };

export type WriterReply = { type: 'ack'; seq: number } | { type: 'error'; seq: number; message: string };
