import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { PostgresRunStore } from '../../src/store/index.js';
import { NO_POSTGRES, freshPostgresDatabase } from '../support/postgres.js';
import { runStoreConformance } from './conformance.js';

const databases: Array<{ url: string; drop(): Promise<void> }> = [];
let available = false;

beforeAll(async () => {
  const probe = await freshPostgresDatabase();
  available = probe !== null;
  if (probe === null) console.warn(NO_POSTGRES);
  else databases.push(probe);
});

afterAll(async () => {
  for (const database of databases) await database.drop();
});

runStoreConformance('PostgreSQL', () =>
  available
    ? {
        async create() {
          const database = (await freshPostgresDatabase())!;
          databases.push(database);
          return { location: database.url, open: () => PostgresRunStore.open(database.url) };
        },
        async bumpSchemaVersion(location, version) {
          const client = new pg.Client({ connectionString: location });
          await client.connect();
          await client.query("UPDATE agentperf_meta SET value = $1 WHERE key = 'schema_version'", [
            String(version),
          ]);
          await client.end();
        },
      }
    : null,
);
