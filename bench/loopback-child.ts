// Runs the zero-latency loopback endpoint in its own process, so the
// benchmark's CPU readings contain the harness only.
import { startLoopbackServer } from '../src/testing/index.js';

const server = await startLoopbackServer({
  ttftMs: 0,
  interTokenMs: 0,
  outputTokens: Number(process.env.TOKENS ?? 8),
});
process.stdout.write(`${server.baseUrl}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
