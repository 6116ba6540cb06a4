/**
 * Version of the store's tables, the same number for SQLite and
 * PostgreSQL. A store written by a newer agentperf is refused rather than
 * misread; an older one is upgraded in place when its version is known.
 */
export const STORE_SCHEMA_VERSION = 1;
