/**
 * What-if validation: records the bundled tasks on one simulated fabric,
 * predicts two other placements from that recording (the heterogeneous
 * fabric, and the GPU pool with fewer replicas), runs both live, and prints
 * predicted against measured e2e p50/p95/p99 and steps/s per level.
 *
 *   node --import tsx bench/whatif.ts [--levels 1,16,64] [--tasks N] [--repeat R] [--seed S]
 *
 * Every command is the built CLI (dist/cli.js) as a user runs it; build
 * first (`npm run build`). A live level whose harness warned is marked: it
 * is not evidence for or against the prediction.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key!, value ?? ''];
  }),
);
const levels = args.get('levels') ?? '1,16,64';
const tasks = args.get('tasks') ?? '';
const repeat = Number(args.get('repeat') ?? 1);
const seed = Number(args.get('seed') ?? 1);
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'agentperf-whatif-bench-'));

// The GPU pool with half the serving capacity of the roles the tasks use.
const gpuPool = readFileSync(
  join(import.meta.dirname, '..', 'src', 'sim', 'fabrics', 'gpu-pool.yaml'),
  'utf8',
);
writeFileSync(
  join(work, 'reduced.yaml'),
  gpuPool
    .replace(
      'description: Single GPU pool (simulated) - every model on H100 SXM',
      'description: GPU pool, fewer replicas (simulated)',
    )
    .replace(
      'serving: { tensorParallel: 1, replicas: 2, maxRunningSequences: 256',
      'serving: { tensorParallel: 1, replicas: 1, maxRunningSequences: 64',
    ),
);
const fabric = (source: string) => `
    endpoints: { sim: { type: simulator, fabric: ${source} } }
    roles:
      planner: { endpoint: sim, model: llama-3.1-70b }
      worker: { endpoint: sim, model: llama-3.1-8b }
      embedder: { endpoint: sim, model: bge-large-en }
      reranker: { endpoint: sim, model: bge-reranker }`;
writeFileSync(
  join(work, 'suite.yaml'),
  `name: whatif-bench
tasks: [{ use: support }, { use: docs-qa }, { use: sql-analyst }, { use: code-fix }, { use: research }]
fabrics:
  gpu-pool:${fabric('builtin:gpu-pool')}
  heterogeneous:${fabric('builtin:heterogeneous')}
  reduced:${fabric(join(work, 'reduced.yaml'))}
fabric: gpu-pool
`,
);

interface Level {
  label: string;
  e2eMs: { p50: number; p95: number; p99: number };
  stepsPerSecond: number;
  harness: { warnings: string[]; simulator?: { lagP99Ms: number; busyFraction: number } };
}

function agentperf(argv: string[]): string {
  const result = spawnSync(process.execPath, [cli, ...argv], { cwd: work, encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`agentperf ${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

function newest(dir: string, before: Set<string>): string {
  // Run directories only: a multi-fabric run also writes `<runId>-placements.md/html` beside them.
  const created = readdirSync(dir).filter(
    (name) => !before.has(name) && statSync(join(dir, name)).isDirectory(),
  );
  return join(dir, created[0]!);
}

function run(fabricName: string, out: string): string {
  const dir = join(work, out);
  const before = new Set(safeList(dir));
  agentperf([
    'run',
    'suite.yaml',
    '--fabric',
    fabricName,
    '--levels',
    levels,
    '--seed',
    String(seed),
    '--out',
    dir,
    '--quiet',
    ...(tasks ? ['--tasks', tasks] : []),
  ]);
  return newest(dir, before);
}

function whatif(recorded: string, target: string, out: string): string {
  const dir = join(work, out);
  const before = new Set(safeList(dir));
  agentperf(['whatif', recorded, '--fabric', target, '--out', dir]);
  return newest(dir, before);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function levelsOf(dir: string): Level[] {
  return (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { levels: Level[] }).levels;
}

/** The live simulator thread's lag: when it passed its limit the live level is slower than the physics the prediction models. */
const simulatorLag = (level: Level): string =>
  level.harness.simulator === undefined
    ? '—'
    : `${level.harness.simulator.lagP99Ms} ms (${Math.round(level.harness.simulator.busyFraction * 100)}%)`;
const percent = (predicted: number, measured: number) =>
  `${(((predicted - measured) / measured) * 100).toFixed(1)}%`;
const rows: string[] = [];
const errors: number[] = [];
/** Per fabric and level, over rounds: predicted and live (p50, p95, steps/s) of the unwarned live levels. */
const pooled = new Map<string, { predicted: number[][]; live: number[][] }>();
for (let round = 0; round < repeat; round++) {
  const recorded = run('gpu-pool', `recorded-${round}`);
  for (const [name, target] of [
    ['heterogeneous', 'builtin:heterogeneous'],
    ['reduced', join(work, 'reduced.yaml')],
  ] as const) {
    const predicted = levelsOf(whatif(recorded, target, `predicted-${round}`));
    const measured = levelsOf(run(name, `live-${round}`));
    for (const level of measured) {
      const guess = predicted.find((other) => other.label === level.label);
      if (guess === undefined) continue;
      const warned = level.harness.warnings.length > 0;
      const cells = (['p50', 'p95', 'p99'] as const).map((q) => {
        if (!warned && q !== 'p99') errors.push(Math.abs((guess.e2eMs[q] - level.e2eMs[q]) / level.e2eMs[q]));
        return `${Math.round(guess.e2eMs[q])} / ${Math.round(level.e2eMs[q])} (${percent(guess.e2eMs[q], level.e2eMs[q])})`;
      });
      if (!warned) {
        errors.push(Math.abs((guess.stepsPerSecond - level.stepsPerSecond) / level.stepsPerSecond));
        const key = `${name} ${level.label}`;
        const entry = pooled.get(key) ?? { predicted: [], live: [] };
        entry.predicted.push([guess.e2eMs.p50, guess.e2eMs.p95, guess.stepsPerSecond]);
        entry.live.push([level.e2eMs.p50, level.e2eMs.p95, level.stepsPerSecond]);
        pooled.set(key, entry);
      }
      rows.push(
        `| ${round} | ${name} | ${level.label} | ${cells.join(' | ')} | ${guess.stepsPerSecond.toFixed(1)} / ${level.stepsPerSecond.toFixed(1)} (${percent(guess.stepsPerSecond, level.stepsPerSecond)}) | ${simulatorLag(level)} | ${warned ? `warned: ${level.harness.warnings.join('; ')}` : 'ok'} |`,
      );
    }
  }
}
console.log(
  '| round | fabric | level | e2e p50 ms predicted / live | e2e p95 | e2e p99 | steps/s | live simulator lag p99 (busy) | live harness |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
const sorted = [...errors].sort((a, b) => a - b);
console.log(
  `\nabsolute error over unwarned levels (p50, p95, steps/s): median ${((sorted[Math.floor(sorted.length / 2)] ?? 0) * 100).toFixed(1)}%, max ${((sorted[sorted.length - 1] ?? 0) * 100).toFixed(1)}%, ${sorted.filter((error) => error <= 0.1).length}/${sorted.length} within ±10%`,
);
if (repeat > 1) {
  // Evidence per run: one live run differs from the next by as much as the
  // target, so the verdict rests on the mean of R predictions (one per
  // recording) against the mean of R live runs, beside the live runs' own spread.
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const pooledErrors: number[] = [];
  const spreads: number[] = [];
  console.log(
    `\nmean of ${repeat} predictions (one per recording) against mean of the live runs; live spread = (max − min) / mean of the live runs\n`,
  );
  console.log('| fabric | level | runs | e2e p50 error (live spread) | e2e p95 | steps/s |');
  console.log('| --- | --- | ---: | --- | --- | --- |');
  for (const [key, entry] of pooled) {
    const cells = [0, 1, 2].map((index) => {
      const predicted = mean(entry.predicted.map((values) => values[index]!));
      const lives = entry.live.map((values) => values[index]!);
      const live = mean(lives);
      const spread = (Math.max(...lives) - Math.min(...lives)) / live;
      pooledErrors.push(Math.abs((predicted - live) / live));
      if (lives.length > 1) spreads.push(spread);
      return `${percent(predicted, live)} (${(spread * 100).toFixed(0)}%)`;
    });
    const [fabricName, label] = key.split(' ');
    console.log(`| ${fabricName} | ${label} | ${entry.live.length} | ${cells.join(' | ')} |`);
  }
  const within = pooledErrors.filter((error) => error <= 0.1).length;
  console.log(
    `\nmeans: ${within}/${pooledErrors.length} within ±10%, max ${(Math.max(...pooledErrors) * 100).toFixed(1)}%; the live runs' own spread exceeded 10% at ${spreads.filter((spread) => spread > 0.1).length}/${spreads.length} figures`,
  );
}
console.log(`(work directory: ${work})`);
