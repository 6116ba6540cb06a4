/**
 * 10,000 closed-loop agents, each task one call to a tool that waits 1 s
 * (a TypeScript function tool; no model): e2e p50 against the 1 s floor,
 * the harness's own warnings, and RSS, with the agents on the main thread
 * and in worker threads (WORKERS, default 1,2).
 */
import { benchSuiteFile, runInTemp } from './bench-suite.js';
import { startLoopbackProcess } from './loopback-process.js';
import { formatSpread, REPETITIONS } from './stats.js';
import { WAIT_MS } from './wait-suite.js';

const AGENTS = Number(process.env.AGENTS ?? 10_000);
/** Agent worker threads (`run --workers`); each count is its own block. */
const WORKERS = (process.env.WORKERS ?? '1,2').split(',').map(Number);

export async function manyAgents(): Promise<void> {
  const server = await startLoopbackProcess();
  try {
    console.log(
      `### ${AGENTS.toLocaleString('en')} agents, each task one ${WAIT_MS} ms tool call (${AGENTS * 2} tasks; min/median/max of ${REPETITIONS})`,
    );
    for (const workers of WORKERS) {
      console.log(`--workers ${workers}`);
      const suite = await benchSuiteFile('wait-suite.ts', server.baseUrl);
      const rows: Array<{
        p50: number;
        p99: number;
        warnings: number;
        paced: number;
        rssMiB: number;
        text: string;
      }> = [];
      for (let rep = 0; rep < REPETITIONS; rep++) {
        const row = await runInTemp(
          suite,
          { levels: String(AGENTS), tasks: AGENTS * 2, warmup: 0 },
          (outcome) => {
            const level = outcome.results.levels[0]!;
            return {
              p50: level.e2eMs.p50 ?? Number.NaN,
              p99: level.e2eMs.p99 ?? Number.NaN,
              warnings: level.harness.warnings.length,
              paced: level.harness.pacedStarts ?? 0,
              rssMiB: process.memoryUsage().rss / 2 ** 20,
              text: level.harness.warnings.join(' | '),
            };
          },
          { workers },
        );
        rows.push(row);
      }
      console.log(
        `e2e p50 ${formatSpread(rows.map((row) => row.p50))} ms (floor ${WAIT_MS} ms; ratio ${formatSpread(
          rows.map((row) => row.p50 / WAIT_MS),
          3,
        )}×)`,
      );
      console.log(`e2e p99 ${formatSpread(rows.map((row) => row.p99))} ms`);
      console.log(
        `harness warnings per run ${formatSpread(rows.map((row) => row.warnings))}; starts paced ${formatSpread(rows.map((row) => row.paced))}; RSS after ${formatSpread(rows.map((row) => row.rssMiB))} MiB`,
      );
      for (const row of rows) if (row.text !== '') console.log(`  warning: ${row.text}`);
    }
  } finally {
    server.stop();
  }
}
