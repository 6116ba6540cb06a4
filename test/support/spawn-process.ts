import { type ChildProcess, spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns node with `args`, collecting its output; `output()` is what it printed so far. */
export function startProcess(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): { child: ChildProcess; done: Promise<CliResult>; output: () => CliResult } {
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
    // A child killed by a signal has no exit code: -1 tells it from "still running" (null).
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal === null ? null : -1), stdout, stderr }),
    );
  });
  return { child, done, output: () => ({ code: child.exitCode, stdout, stderr }) };
}
