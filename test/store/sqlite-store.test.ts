import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { SqliteRunStore } from '../../src/store/index.js';
import { tempDir } from '../support/temp-dir.js';
import { runStoreConformance } from './conformance.js';

const dir = tempDir();
let count = 0;
afterAll(() => dir.remove());

runStoreConformance('SQLite', () => ({
  async create() {
    count += 1;
    const location = join(dir.path, `store-${count}.db`);
    return { location, open: async () => new SqliteRunStore(location) };
  },
  async bumpSchemaVersion(location, version) {
    const db = new Database(location);
    db.pragma(`user_version = ${version}`);
    db.close();
  },
}));
