import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Suite file names `agentperf run` looks for when none is named, first match wins. */
export const SUITE_FILE_NAMES = [
  'agentperf.yaml',
  'agentperf.yml',
  'agentperf.config.ts',
  'agentperf.config.mts',
  'agentperf.config.js',
  'agentperf.config.mjs',
] as const;

/**
 * The suite file in `dir` that a bare `agentperf run` means (what
 * `agentperf init` writes), or null when there is none and the bundled
 * suite runs instead.
 */
export function discoverSuiteFile(dir: string): string | null {
  for (const name of SUITE_FILE_NAMES) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
