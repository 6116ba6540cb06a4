/**
 * Per-task view of a what-if bench's work directory: the median e2e of each
 * task, predicted against live, per round, fabric and level. An aggregate
 * p50 can land within ±10 % while the tasks under it miss in opposite
 * directions; this shows whether it does.
 *
 *   node --import tsx bench/whatif-per-task.ts /tmp/agentperf-whatif-bench-XXXX
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const work = process.argv[2];
if (work === undefined) {
  console.error('usage: bench/whatif-per-task.ts WORK_DIR (printed by bench/whatif.ts at its end)');
  process.exit(2);
}

const runDirs = (dir: string) =>
  readdirSync(dir)
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isDirectory());

/** Median e2e per level and task of one run directory's measured executions. */
function medians(dir: string): Map<string, Map<string, number>> {
  const byLevel = new Map<string, Map<string, number[]>>();
  for (const line of readFileSync(join(dir, 'tasks.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const task = JSON.parse(line) as { level: string; task: string; e2eMs: number; warmup: boolean };
    if (task.warmup) continue;
    const level = byLevel.get(task.level) ?? new Map<string, number[]>();
    level.set(task.task, [...(level.get(task.task) ?? []), task.e2eMs]);
    byLevel.set(task.level, level);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [label, tasks] of byLevel) {
    const level = new Map<string, number>();
    for (const [name, values] of tasks) {
      const sorted = [...values].sort((a, b) => a - b);
      level.set(name, sorted[Math.floor((sorted.length - 1) / 2)]!);
    }
    out.set(label, level);
  }
  return out;
}

console.log('| round | fabric | level | task: median e2e ms predicted / live (error) |');
console.log('| --- | --- | --- | --- |');
for (let round = 0; ; round++) {
  let live: string[];
  let predicted: string[];
  try {
    live = runDirs(join(work, `live-${round}`));
    predicted = runDirs(join(work, `predicted-${round}`));
  } catch {
    break;
  }
  for (const [fabric, suffix] of [
    ['heterogeneous', 'heterogeneous'],
    ['reduced', 'reduced.yaml'],
  ] as const) {
    const liveDir = live.find((dir) => dir.includes(`-${fabric}-`));
    const predictedDir = predicted.find((dir) => dir.endsWith(suffix));
    if (liveDir === undefined || predictedDir === undefined) continue;
    const measured = medians(liveDir);
    const guessed = medians(predictedDir);
    for (const [label, tasks] of measured) {
      const cells = [...tasks]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => {
          const guess = guessed.get(label)?.get(name);
          if (guess === undefined) return `${name} – / ${Math.round(value)}`;
          const error = ((guess - value) / value) * 100;
          return `${name} ${Math.round(guess)} / ${Math.round(value)} (${error >= 0 ? '+' : ''}${error.toFixed(0)}%)`;
        });
      console.log(`| ${round} | ${fabric} | ${label} | ${cells.join('; ')} |`);
    }
  }
}
