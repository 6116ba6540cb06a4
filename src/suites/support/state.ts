import type Database from 'better-sqlite3';

/** One execution's isolated store: a clone of the base database. */
export interface SupportState {
  db: Database.Database;
}
