import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { type CliResult, startProcess } from './spawn-process.js';

export type { CliResult } from './spawn-process.js';

const CLI = join(process.cwd(), 'src/cli.ts');
// Resolved here so the CLI can run from any directory (tests run it in temp dirs).
const TSX = import.meta.resolve('tsx');

/** Starts the CLI from source (through tsx), as a user would run it. */
export function startCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  return startProcess(['--import', TSX, CLI, ...args], options);
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return startCli(args, options).done;
}

export { startBuiltCli } from './built-cli.js';
