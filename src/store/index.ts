/** The run store (SQLite, WAL) and the streaming writer of run directories. */
export { SqliteRunStore } from './sqlite-store.js';
export { RecordWriter } from './record-writer.js';
export { defaultStorePath, openStore } from './open-store.js';
export { checkRunLocation } from './check-location.js';
export { migrateSchema, type SchemaMigration } from './schema-version.js';
export { STORE_MIGRATIONS } from './schema.sql.js';
