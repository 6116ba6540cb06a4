import { type LoopbackOptions, type LoopbackServer, startLoopbackServer } from '../../src/testing/index.js';
import { tempDir } from './temp-dir.js';

/** Runs body with a loopback endpoint and a temporary directory, and always cleans both up. */
export async function withLoopback<T>(
  options: LoopbackOptions,
  body: (server: LoopbackServer, dir: string) => Promise<T>,
): Promise<T> {
  const server = await startLoopbackServer(options);
  const dir = tempDir();
  try {
    return await body(server, dir.path);
  } finally {
    await server.close();
    dir.remove();
  }
}
