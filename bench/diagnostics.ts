/**
 * Can the verdicts be trusted? Seeded trials on the simulator, each a real
 * `runSuite` over loopback, scored by the same analysis `compare` and
 * `history` run:
 * - false alarms: two groups of K identical runs with different seeds;
 * - detection: K runs against K runs whose chat models run X% slower
 *   (hardware efficiency divided by 1 + X, paired by seed), called worse on
 *   e2e p95 with `chat` named as the step kind that explains it;
 * - history: 10-run series where the embedding service drifts slower from
 *   run 4 (its link's round trip grows by DRIFT_RTT_MS each run; nothing
 *   else changes: the reranker has its own hardware), first mover named
 *   and dated within one run of the onset; and flat 10-run series (false
 *   first movers).
 * Rates print with Wilson 95% intervals.
 *
 *   npm run bench -- diagnostics                 (small: ~10 min on a quiet 2-core machine)
 *   DIAG_TRIALS=20 DIAG_SERIES=10 npm run bench -- diagnostics   (the documented size)
 *
 * Environment: DIAG_TRIALS (comparison trials, default 2), DIAG_REPEAT (K,
 * default 3), DIAG_SLOWDOWNS (planted chat slowdowns, default 0.1,0.15,0.3; empty for false alarms only), DIAG_TASKS (measured tasks per run, default 20), DIAG_SERIES
 * (drifting and flat history series, default 1), DIAG_HISTORY_TASK (their bundled task, default
 * docs-qa: it embeds), DIAG_DRIFT_RTT_MS (the drift's step per run, default 4), DIAG_TASK (bundled task of the comparisons,
 * default support), DIAG_LEVEL (agents, default 2), DIAG_OFFSET (first trial and series index,
 * default 0: pooled bench runs need disjoint seeds), DIAG_DRIFT (0: flat history series only), DIAG_KEEP (a folder that keeps each history
 * series' store, drift<N>.db and flat<N>.db, so a change to the analysis can be re-scored on
 * the same runs with `npm run bench -- history-replay --dir=<folder>`).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  analyseHistory,
  type ComparableRun,
  compareRuns,
  type HistorySeries,
  historySeries,
} from '../src/analysis/index.js';
import { DEFAULT_SUITE, bundledTask } from '../src/commands/default-suite.js';
import { loadSuiteObject, resolveRun } from '../src/config/index.js';
import { runSuite } from '../src/runner/index.js';
import { SqliteRunStore } from '../src/store/index.js';
import { DRIFT_ONSET, scoreDrift } from './harness/history-scoring.js';
import { wilson } from './harness/stats.js';

const TRIALS = Number(process.env.DIAG_TRIALS ?? 2);
const REPEAT = Number(process.env.DIAG_REPEAT ?? 3);
const TASKS = Number(process.env.DIAG_TASKS ?? 20);
const SERIES = Number(process.env.DIAG_SERIES ?? 1);
/**
 * Index of the first trial and the first series: trial t runs seeds
 * 1000·(t+1)…, series s seeds 50,000 + 100·s… and 70,000 + 100·s…, so a
 * second bench run with DIAG_OFFSET past the first one's counts draws new
 * seeds and its counts can be pooled with the first's.
 */
const OFFSET = Number(process.env.DIAG_OFFSET ?? 0);
const KEEP = process.env.DIAG_KEEP || undefined;
/** `DIAG_DRIFT=0` runs the flat history series alone (false first movers). */
const DRIFT_SERIES = process.env.DIAG_DRIFT !== '0';
const TASK = process.env.DIAG_TASK ?? 'support';
/** The history series plant an embedding drift, so they run a task that embeds (support does not). */
const HISTORY_TASK = process.env.DIAG_HISTORY_TASK ?? 'docs-qa';
const AGENTS = Number(process.env.DIAG_LEVEL ?? 2);
/** Planted chat slowdowns; empty (`DIAG_SLOWDOWNS=`) runs the false-alarm comparisons alone. */
const SLOWDOWNS = (process.env.DIAG_SLOWDOWNS ?? '0.1,0.15,0.3')
  .split(',')
  .filter((part) => part.trim() !== '')
  .map(Number);
/**
 * Milliseconds added to the embedder's round trip per run once the drift
 * starts (run 4 of 10): +4 ms at run 4, +28 ms at run 10, about 1% and 7%
 * of docs-qa's e2e p50 at 2 agents. A planted drift must be one a user
 * would feel: `history` ignores step moves under 1% of e2e by design
 * (`minShareOfE2e`), and slowing the embedder's hardware instead moves its
 * ~9 ms step by under 2 ms on average even at a quarter more per run.
 */
const DRIFT_RTT_MS = Number(process.env.DIAG_DRIFT_RTT_MS ?? 4);

const dir = mkdtempSync(join(tmpdir(), 'agentperf-diagnostics-'));
const storePath = join(dir, 'agentperf.db');
const started = performance.now();

/**
 * A simulator fabric file: chat models' hardware efficiency divided by
 * 1 + slowdown, and `embedExtraRttMs` added to the embedder's link.
 */
function fabricFile(chatSlowdown: number, embedExtraRttMs: number): string {
  const name = `fabric-${chatSlowdown}-${embedExtraRttMs}.yaml`;
  const h100 = (factor: number, label: string) => `  ${label}:
    displayName: H100 SXM at 1/${(1 + factor).toFixed(3)} speed (simulated, planted slowdown)
    source: https://www.nvidia.com/en-us/data-center/h100/
    memoryBytes: 85899345920
    memoryBandwidthBytesPerS: 3.35e12
    denseFlopsPerS: 989e12
    computeEfficiency: ${0.55 / (1 + factor)}
    bandwidthEfficiency: ${0.85 / (1 + factor)}
    stepOverheadMs: ${1.0 * (1 + factor)}
    perSequenceOverheadMs: 0.03
`;
  const deployment = (
    name: string,
    model: string,
    hardware: string,
    serving: string,
    prices: string,
    rttMs = 1,
  ) => `  ${name}:
    model: ${model}
    hardware: ${hardware}
    serving: ${serving}
    placement: { label: h100, rttMs: ${rttMs} }
    prices: ${prices}
`;
  writeFileSync(
    join(dir, name),
    `description: diagnostics fabric (simulated), chat +${chatSlowdown * 100}%, embedder link +${embedExtraRttMs} ms
hardware:
${h100(chatSlowdown, 'chat-h100')}${h100(0, 'embed-h100')}${h100(0, 'rerank-h100')}deployments:
${deployment('llama-3.1-8b', 'llama-3.1-8b-instruct', 'chat-h100', '{ tensorParallel: 1, replicas: 2, maxRunningSequences: 256, maxBatchedTokens: 8192 }', '{ inputPerMTok: 0.05, cachedInputPerMTok: 0.01, outputPerMTok: 0.15 }')}${deployment('llama-3.1-70b', 'llama-3.1-70b-instruct', 'chat-h100', '{ tensorParallel: 4, replicas: 1, maxRunningSequences: 256, maxBatchedTokens: 8192 }', '{ inputPerMTok: 0.5, cachedInputPerMTok: 0.1, outputPerMTok: 1.2 }')}${deployment('bge-large-en', 'bge-large-en-v1.5', 'embed-h100', '{ replicas: 1, maxBatchedTokens: 16384, batchWindowMs: 2 }', '{ inputPerMTok: 0.02 }', 1 + embedExtraRttMs)}${deployment('bge-reranker', 'bge-reranker-large', 'rerank-h100', '{ replicas: 1, maxBatchedTokens: 16384, batchWindowMs: 2 }', '{ inputPerMTok: 0.03 }')}`,
  );
  return join(dir, name);
}

async function oneRun(
  seed: number,
  chatSlowdown: number,
  embedExtraRttMs: number,
  task = TASK,
): Promise<ComparableRun> {
  const fabricName = 'diagnostics';
  const suite = await loadSuiteObject(
    {
      ...DEFAULT_SUITE,
      name: 'agentperf-diagnostics',
      tasks: [{ use: task }],
      fabrics: {
        [fabricName]: {
          description: 'diagnostics (simulated)',
          endpoints: { sim: { type: 'simulator', fabric: fabricFile(chatSlowdown, embedExtraRttMs) } },
          roles: {
            planner: { endpoint: 'sim', model: 'llama-3.1-70b' },
            worker: { endpoint: 'sim', model: 'llama-3.1-8b' },
            embedder: { endpoint: 'sim', model: 'bge-large-en' },
            reranker: { endpoint: 'sim', model: 'bge-reranker' },
          },
        },
      },
      fabric: fabricName,
      levels: [AGENTS],
    },
    '(diagnostics)',
    dir,
    bundledTask,
  );
  const run = resolveRun(suite, { seed, tasks: TASKS });
  const outcome = await runSuite({ suite, run, outDir: dir, storePath, writeReports: false });
  const store = new SqliteRunStore(storePath);
  try {
    return {
      results: outcome.results,
      tasks: store.loadTasks(outcome.runId),
      spans: store.loadSpans(outcome.runId),
    };
  } finally {
    store.close();
  }
}

function rate(label: string, k: number, n: number): string {
  const [low, high] = wilson(k, n);
  return `${label.padEnd(58)} ${String(k).padStart(3)}/${String(n).padEnd(3)} = ${(100 * (n === 0 ? 0 : k / n)).toFixed(0).padStart(3)}%  (95% CI ${(100 * low).toFixed(0)}–${(100 * high).toFixed(0)}%)`;
}

const level = `c${AGENTS}`;
const lines: string[] = [];
let falseAlarms = 0;
let falseFailures = 0;
const detected = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
const named = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
const singleWorse = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
const p50Worse = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
const namedAlone = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
/** Called worse on any end-to-end latency (p50, p95 or p99) with chat named: the issue's detection. */
const anyLatencyNamed = new Map(SLOWDOWNS.map((slowdown) => [slowdown, 0]));
const baselinePool: ComparableRun[] = [];
const impaired = { runs: 0, total: 0 };
const count = (run: ComparableRun) => {
  impaired.total++;
  if (run.results.levels.some((entry) => entry.harness.warnings.length > 0)) impaired.runs++;
  return run;
};

for (let trial = OFFSET; trial < OFFSET + TRIALS; trial++) {
  const seeds = Array.from({ length: REPEAT }, (_, index) => 1000 * (trial + 1) + index);
  const otherSeeds = seeds.map((seed) => seed + 500);
  // Interleaved, as `run --repeat` does: each seed's baseline, its twin and its slowed runs back to back.
  const baseline: ComparableRun[] = [];
  const twin: ComparableRun[] = [];
  const slowed = new Map<number, ComparableRun[]>(SLOWDOWNS.map((slowdown) => [slowdown, []]));
  for (const [index, seed] of seeds.entries()) {
    baseline.push(count(await oneRun(seed, 0, 0)));
    twin.push(count(await oneRun(otherSeeds[index]!, 0, 0)));
    for (const slowdown of SLOWDOWNS) slowed.get(slowdown)!.push(count(await oneRun(seed, slowdown, 0)));
  }
  baselinePool.push(...baseline, ...twin);
  // Identical configurations, different seeds: any verdict is a false alarm.
  const identical = compareRuns(baseline, twin, { includeImpaired: true, seed: trial });
  const called = identical.metrics.filter((row) => row.verdict === 'worse' || row.verdict === 'better');
  if (called.length > 0) {
    falseAlarms++;
    lines.push(
      `  trial ${trial + 1} identical configs: ${called
        .map(
          (row) =>
            `${row.metric.name} @ ${row.level} ${row.verdict} (${row.relativeChange === null ? '—' : `${(100 * row.relativeChange).toFixed(1)}%`})`,
        )
        .join(', ')}`,
    );
  }
  if (identical.regressions.length > 0) falseFailures++;
  for (const slowdown of SLOWDOWNS) {
    const comparison = compareRuns(baseline, slowed.get(slowdown)!, { includeImpaired: true, seed: trial });
    const p95 = comparison.metrics.find((row) => row.level === level && row.metric.name === 'e2eP95');
    const explanation = comparison.explanations.find((entry) => entry.level === level);
    lines.push(
      `  trial ${trial + 1} chat +${slowdown * 100}%: e2e p95 ${p95?.relativeChange === null || p95 === undefined ? '—' : `${(100 * p95.relativeChange!).toFixed(1)}%`} ` +
        `CI [${p95?.ci95?.map((value) => value.toFixed(0)).join(', ') ?? '—'}] ms, ${p95?.verdict ?? '—'}; named ${explanation?.named.join('+') || 'none'}`,
    );
    const p50 = comparison.metrics.find((row) => row.level === level && row.metric.name === 'e2eP50');
    if (p50?.verdict === 'worse') p50Worse.set(slowdown, p50Worse.get(slowdown)! + 1);
    if (explanation?.named[0] === 'chat') namedAlone.set(slowdown, namedAlone.get(slowdown)! + 1);
    if (p95?.verdict === 'worse') detected.set(slowdown, detected.get(slowdown)! + 1);
    if (p95?.verdict === 'worse' && explanation?.named[0] === 'chat')
      named.set(slowdown, named.get(slowdown)! + 1);
    const latencyWorse = comparison.metrics.some(
      (row) => row.level === level && row.metric.name.startsWith('e2eP') && row.verdict === 'worse',
    );
    if (latencyWorse && explanation?.named[0] === 'chat')
      anyLatencyNamed.set(slowdown, anyLatencyNamed.get(slowdown)! + 1);
    const single = compareRuns(baseline[0]!, slowed.get(slowdown)![0]!, {
      includeImpaired: true,
      seed: trial,
    });
    if (single.metrics.find((row) => row.metric.name === 'e2eP95')?.verdict === 'worse')
      singleWorse.set(slowdown, singleWorse.get(slowdown)! + 1);
  }
  process.stderr.write(
    `trial ${trial + 1 - OFFSET}/${TRIALS} done at ${((performance.now() - started) / 60000).toFixed(1)} min\n`,
  );
}

/** A history of runs (oldest first) as the analysis reads it, without the store's listing. */
async function asHistory(runs: ComparableRun[], label: string): Promise<HistorySeries> {
  const store = new SqliteRunStore(join(dir, `${label}.db`));
  try {
    runs.forEach((run, index) => {
      const startedAt = new Date(Date.UTC(2026, 0, 1) + index * 7 * 86_400_000).toISOString();
      const runId = `${label}-${index}`;
      store.beginRun({
        runId,
        suite: 'diag',
        fabric: 'f',
        startedAt,
        simulated: true,
        config: {},
        gitRevision: null,
      });
      store.appendTasks(run.tasks.map((task) => ({ ...task, runId })));
      store.appendSpans(runId, [...(run.spans ?? [])]);
      store.finishRun(runId, { ...run.results, runId, suite: 'diag', startedAt });
    });
    return await historySeries(store, { suite: 'diag', includeImpaired: true });
  } finally {
    store.close();
    if (KEEP !== undefined) {
      mkdirSync(KEEP, { recursive: true });
      copyFileSync(join(dir, `${label}.db`), join(KEEP, `${label}.db`));
    }
  }
}

let driftNamed = 0;
let driftDated = 0;
let flatFalse = 0;
let flatGate = 0;
let flatSeries = 0;
for (let series = OFFSET; series < OFFSET + SERIES; series++) {
  if (DRIFT_SERIES) {
    const runs: ComparableRun[] = [];
    for (let index = 0; index < 10; index++) {
      const embedExtraRttMs = DRIFT_RTT_MS * Math.max(0, index - DRIFT_ONSET + 1);
      runs.push(count(await oneRun(50_000 + series * 100 + index, 0, embedExtraRttMs, HISTORY_TASK)));
    }
    const analysis = analyseHistory(await asHistory(runs, `drift${series}`));
    const first = analysis.firstMover;
    const score = scoreDrift(analysis);
    if (score.named) driftNamed++;
    if (score.dated) driftDated++;
    lines.push(
      `  drift series ${series}: first mover ${first?.series.key ?? 'none'} at run ${first === null ? '-' : first.runIndex + 1} (onset run ${DRIFT_ONSET + 1})`,
    );
  }
  // A flat series: ten identical-configuration runs with their own seeds.
  const flat: ComparableRun[] = [];
  for (let index = 0; index < 10; index++)
    flat.push(count(await oneRun(70_000 + series * 100 + index, 0, 0, HISTORY_TASK)));
  flatSeries++;
  const flatAnalysis = analyseHistory(await asHistory(flat, `flat${series}`));
  if (flatAnalysis.firstMover !== null) {
    flatFalse++;
    lines.push(`  flat series ${series}: false first mover ${flatAnalysis.firstMover.series.key}`);
  }
  if (flatAnalysis.latestRegressions.length > 0) {
    flatGate++;
    lines.push(
      `  flat series ${series}: latest run regressed on ${flatAnalysis.latestRegressions.map((move) => move.series.key).join(', ')}`,
    );
  }
  process.stderr.write(
    `history series ${series + 1 - OFFSET}/${SERIES} done at ${((performance.now() - started) / 60000).toFixed(1)} min\n`,
  );
}

console.log(
  `diagnostics (simulated fabric): task ${TASK} (histories: ${HISTORY_TASK}), ${AGENTS} agents, ${TASKS} measured tasks a run, ` +
    `--repeat ${REPEAT}, ${TRIALS} comparison trials (${OFFSET + 1}–${OFFSET + TRIALS}), ${SERIES} drifting + ${SERIES} flat 10-run histories; ` +
    `${impaired.total} runs (${impaired.runs} with harness warnings, kept), ${((performance.now() - started) / 60000).toFixed(1)} min\n`,
);
console.log(
  rate(`false alarms, identical configs, ${REPEAT} vs ${REPEAT} runs (any verdict)`, falseAlarms, TRIALS),
);
console.log(rate('  of which --fail-on-regression would fail', falseFailures, TRIALS));
for (const slowdown of SLOWDOWNS) {
  console.log(
    rate(
      `chat +${slowdown * 100}%: e2e latency called worse, chat named (${REPEAT} vs ${REPEAT})`,
      anyLatencyNamed.get(slowdown)!,
      TRIALS,
    ),
  );
  console.log(
    rate(
      `chat +${slowdown * 100}%: e2e p95 called worse (${REPEAT} vs ${REPEAT}, paired)`,
      detected.get(slowdown)!,
      TRIALS,
    ),
  );
  console.log(
    rate(`chat +${slowdown * 100}%: worse and chat named as the cause`, named.get(slowdown)!, TRIALS),
  );
  console.log(rate(`chat +${slowdown * 100}%: e2e p50 called worse`, p50Worse.get(slowdown)!, TRIALS));
  console.log(
    rate(
      `chat +${slowdown * 100}%: chat named (mean e2e beyond run noise)`,
      namedAlone.get(slowdown)!,
      TRIALS,
    ),
  );
  console.log(
    rate(
      `chat +${slowdown * 100}%: called worse with one run a side (noise floor)`,
      singleWorse.get(slowdown)!,
      TRIALS,
    ),
  );
}
console.log(
  rate(
    `history, embed drift from run ${DRIFT_ONSET + 1}: embed named first mover`,
    driftNamed,
    DRIFT_SERIES ? SERIES : 0,
  ),
);
console.log(
  rate(
    'history, embed drift: named and dated within one run of onset',
    driftDated,
    DRIFT_SERIES ? SERIES : 0,
  ),
);
console.log(rate('history, flat series: false first mover', flatFalse, flatSeries));
console.log(rate('history, flat series: --fail-on-regression fails', flatGate, flatSeries));
for (const line of lines) console.log(line);
rmSync(dir, { recursive: true, force: true });
