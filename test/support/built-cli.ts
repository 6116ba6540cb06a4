import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type CliResult, startProcess } from './spawn-process.js';

const BUILT_CLI = join(process.cwd(), 'dist/cli.js');

/** Newest modification time of any file under a directory. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ when it is missing or older than src/, so tests of the built
 * CLI never run yesterday's code. The vitest global setup calls it (it can take ~20 s).
 */
export function ensureBuilt(): void {
  const src = join(process.cwd(), 'src');
  if (existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= newestMtime(src)) return;
  execFileSync('npm', ['run', 'build'], { cwd: process.cwd(), stdio: 'ignore' });
}

/** Starts the built CLI (dist/cli.js) exactly as `npx agentperf` would; call ensureBuilt() first. */
export function startBuiltCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliResult>; output: () => CliResult } {
  return startProcess([BUILT_CLI, ...args], options);
}

/** Runs the built CLI to its end. */
export function runBuiltCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return startBuiltCli(args, options).done;
}

/** Resolves with the first match of `pattern` in what the child printed (stdout or stderr), waiting up to `timeoutMs`. */
export async function waitForOutput(
  started: { output: () => CliResult },
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stdout, stderr, code } = started.output();
    const match = stdout.match(pattern) ?? stderr.match(pattern);
    if (match) return match;
    if (code !== null) throw new Error(`the CLI exited (${code}) before printing ${pattern}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms: ${stdout}${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
