/** The run store (SQLite, WAL) and the streaming writer of run directories. */
export { SqliteRunStore } from './sqlite-store.js';
export { RecordWriter } from './record-writer.js';
export { defaultStorePath, openStore } from './open-store.js';
