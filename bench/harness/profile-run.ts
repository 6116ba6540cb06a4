/**
 * One harness run for a CPU profile (docs/performance.md, "top self time"):
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/harness/profile-run.ts
 *   node --import tsx bench/harness/top-self-time.ts /tmp/prof/<file>.cpuprofile
 */
import { chainSuiteFile, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';

const server = await startLoopbackProcess();
try {
  const suite = await chainSuiteFile(server.baseUrl);
  await runInTemp(
    suite,
    { levels: process.env.AGENTS ?? '16', tasks: Number(process.env.TASKS ?? 2000), warmup: 16 },
    () => undefined,
    {
      workers: Number(process.env.WORKERS ?? 1),
    },
  );
} finally {
  server.stop();
}
