// Runs the zero-latency loopback endpoint in its own process, so the
// benchmark's CPU readings contain the harness only. STAMP=1 makes the first
// token carry its send time (epoch ms), for TTFT error measurements.
import { startLoopbackServer } from '../src/testing/index.js';

const server = await startLoopbackServer({
  ttftMs: Number(process.env.TTFT_MS ?? 0),
  interTokenMs: Number(process.env.INTER_TOKEN_MS ?? 0),
  outputTokens: Number(process.env.TOKENS ?? 8),
  stamp: process.env.STAMP === '1',
});
process.stdout.write(`${server.baseUrl}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
