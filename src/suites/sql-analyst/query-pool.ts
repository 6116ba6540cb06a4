import { createSqlWorkerPool } from '../../tools/index.js';
import { analyticsDatabase } from './database.js';
import type { SqlShared } from './state.js';

/** Rows the model sees at most per query. */
export const MAX_ROWS = 50;
/** A query running longer is stopped (its worker is killed) and the model is told. */
export const QUERY_TIMEOUT_MS = 5_000;

/**
 * Starts the query workers for a seed: each opens a read-only copy of the
 * analytics database, so the agents' queries (up to ~10 ms each over the
 * 120k rows, more for a model's unindexed ones) never run on the harness's
 * event loop. Resolves once the workers are up, so their start-up counts
 * as preparation, not as the first tasks' latency.
 */
export async function startQueryPool(seed: number, size = 2): Promise<SqlShared> {
  const pool = createSqlWorkerPool({
    image: analyticsDatabase(seed).db.serialize(),
    size,
    maxRows: MAX_ROWS,
    timeoutMs: QUERY_TIMEOUT_MS,
  });
  try {
    await pool.ready();
  } catch (error) {
    await pool.close();
    throw error;
  }
  return { pool, close: () => pool.close() };
}
