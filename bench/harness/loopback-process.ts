import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts bench/loopback-child.ts in its own process, so CPU readings in the
 * bench process contain the client only.
 */
export async function startLoopbackProcess(
  env: Record<string, string> = {},
): Promise<{ baseUrl: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '..', 'loopback-child.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`loopback server exited with ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  });
  return { baseUrl, stop: () => child.kill('SIGTERM') };
}
