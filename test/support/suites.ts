import { readFileSync } from 'node:fs';
import { type LoadedSuite, loadSuiteObject } from '../../src/config/index.js';

/** Validates an in-memory suite the way a suite file is validated (no bundled tasks). */
export function testSuite(input: Record<string, unknown>): Promise<LoadedSuite> {
  return loadSuiteObject(input, '(test suite)', process.cwd(), async () => undefined);
}

/** The records of a JSONL file. */
export function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}
