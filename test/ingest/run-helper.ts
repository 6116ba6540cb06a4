import { join } from 'node:path';
import { type LoadedSuite, resolveRun } from '../../src/config/index.js';
import { runSuite } from '../../src/runner/index.js';
import type { SpanRecord, TaskDefinition, TaskRecord } from '../../src/spec/index.js';
import { tempDir } from '../support/temp-dir.js';
import { readJsonl, testSuite } from '../support/suites.js';

/** A suite of tasks that call no fabric role (black-box agents bring their own models). */
// biome-ignore lint/suspicious/noExplicitAny: tasks of any case/answer types share a suite
export function blackBoxSuite(tasks: TaskDefinition<any, any, any, any>[]): Promise<LoadedSuite> {
  return testSuite({ name: 'black-box', tasks, fabrics: { none: { endpoints: {}, roles: {} } } });
}

/** Runs a loaded suite at the given levels and reads back its records. */
export async function runAndRead(
  suite: LoadedSuite,
  levels: string,
  tasks: number,
): Promise<{ tasks: TaskRecord[]; spans: SpanRecord[] }> {
  const dir = tempDir();
  try {
    const run = resolveRun(suite, { levels, tasks, seed: 3 });
    const outcome = await runSuite({
      suite,
      run,
      outDir: dir.path,
      storePath: join(dir.path, 'store.db'),
      writeReports: false,
    });
    return {
      tasks: readJsonl<TaskRecord>(join(outcome.runDir, 'tasks.jsonl')),
      spans: readJsonl<SpanRecord>(join(outcome.runDir, 'spans.jsonl')),
    };
  } finally {
    dir.remove();
  }
}
