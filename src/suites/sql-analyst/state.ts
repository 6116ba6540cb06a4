import type Database from 'better-sqlite3';

/** The read-only analytics database the query tool runs on (shared: nothing writes to it). */
export interface SqlState {
  db: Database.Database;
}
