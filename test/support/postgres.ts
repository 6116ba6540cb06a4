import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh database on the test PostgreSQL server (AGENTPERF_TEST_POSTGRES_URL,
 * which .ci/postgres.sh starts), or null when there is none here. In CI a
 * missing server is an error, never a silent skip.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.AGENTPERF_TEST_POSTGRES_URL;
  if (base === undefined || base === '') {
    if (process.env.CI === 'true')
      throw new Error(
        'AGENTPERF_TEST_POSTGRES_URL is not set in CI: .ci/run must start PostgreSQL (.ci/postgres.sh)',
      );
    return null;
  }
  const name = `agentperf_test_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Why PostgreSQL tests are skipped here, printed once per file. */
export const NO_POSTGRES =
  'PostgreSQL tests skipped: no server (set AGENTPERF_TEST_POSTGRES_URL, e.g. eval "$(bash .ci/postgres.sh start)")';
