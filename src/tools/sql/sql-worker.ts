/**
 * A SQL worker process: holds one read-only in-memory copy of a database
 * image and runs one query at a time for its parent (SqlWorkerPool). The
 * parent enforces the time limit by killing this process, so there is no
 * deadline here.
 */
import Database from 'better-sqlite3';
import { runReadOnlyQuery } from './read-only-query.js';
import type { SqlWorkerReply, SqlWorkerRequest } from './sql-worker-messages.js';

let database: Database.Database | undefined;
let maxRows = 200;

function reply(message: SqlWorkerReply): void {
  process.send?.(message);
}

process.on('message', (message: SqlWorkerRequest) => {
  if (message.type === 'open') {
    try {
      const image = Buffer.from(message.image.buffer, message.image.byteOffset, message.image.byteLength);
      database = new Database(image, { readonly: true });
      maxRows = message.maxRows;
      reply({ type: 'ready' });
    } catch (error) {
      reply({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  if (database === undefined) {
    reply({ type: 'error', id: message.id, message: 'the SQL worker has no database open' });
    return;
  }
  try {
    const result = runReadOnlyQuery(database, message.sql, message.params, {
      maxRows,
      timeoutMs: Number.POSITIVE_INFINITY,
    });
    reply({ type: 'result', id: message.id, result });
  } catch (error) {
    reply({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});

// The parent going away (crash, kill) closes the channel: nothing is left to serve.
process.on('disconnect', () => process.exit(0));
