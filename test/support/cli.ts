import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'src/cli.ts');
// Resolved here so the CLI can run from any directory (tests run it in temp dirs).
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI from source (through tsx), as a user would run it. */
export function startCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  return startProcess(['--import', TSX, CLI, ...args], options);
}

function startProcess(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return startCli(args, options).done;
}

const BUILT_CLI = join(process.cwd(), 'dist/cli.js');

/**
 * Starts the built CLI (dist/cli.js, from `npm run build`), as users run it.
 * For tests where start-up time matters (several processes that must meet
 * at one start time): it starts several times faster than from source.
 */
export function startBuiltCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first`);
  return startProcess([BUILT_CLI, ...args], options);
}
