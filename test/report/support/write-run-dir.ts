import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyntheticRun } from './synthetic-run.js';

/** Writes a run directory as `agentperf run` lays it out. */
export function writeRunDirectory(directory: string, run: SyntheticRun): string {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'results.json'), JSON.stringify(run.results, null, 2));
  writeFileSync(
    join(directory, 'tasks.jsonl'),
    run.tasks.map((task) => JSON.stringify(task)).join('\n') + '\n',
  );
  writeFileSync(
    join(directory, 'spans.jsonl'),
    run.spans.map((span) => JSON.stringify(span)).join('\n') + '\n',
  );
  return directory;
}
