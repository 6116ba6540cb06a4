/** The run store (SQLite, WAL; PostgreSQL when given a URL) and the streaming writer of run directories. */
export { SqliteRunStore } from './sqlite-store.js';
export { PostgresRunStore } from './postgres-store.js';
export { RecordWriter } from './record-writer.js';
export {
  defaultStorePath,
  openMeetingPoint,
  openStore,
  openWritableStore,
  storeReference,
} from './open-store.js';
export { displayStoreUrl, isPostgresUrl } from './store-url.js';
export { checkRunLocation } from './check-location.js';
export { migrateSchema, type SchemaMigration } from './schema-version.js';
export { STORE_MIGRATIONS } from './schema.sql.js';
