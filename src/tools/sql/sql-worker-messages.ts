import type { SqlQueryResult } from './read-only-query.js';

/** Parent → SQL worker process. */
export type SqlWorkerRequest =
  | { type: 'open'; image: Uint8Array; maxRows: number }
  | { type: 'query'; id: number; sql: string; params: unknown[] };

/** SQL worker process → parent. */
export type SqlWorkerReply =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; id: number; result: SqlQueryResult }
  | { type: 'error'; id: number; message: string };
