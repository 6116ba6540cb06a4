import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { computeLevelResult, evaluateThresholds, parseThreshold } from '../metrics/index.js';
import { resolveRun } from '../report/index.js';
import { pacedStartsOf, worstSimulatorHealth } from '../runner/index.js';
import type { ReportInput } from '../report/index.js';
import type {
  HarnessHealth,
  LevelResult,
  MergedShard,
  RunResults,
  SpanRecord,
  TaskRecord,
} from '../spec/index.js';
import type { AnalysisCommandDeps } from './report.js';
import { type ShardWindow, checkShardSet, checkWindowsOverlap } from './shard-checks.js';

export interface MergeCommandArgs {
  /** Run directories or run ids (under the runs directory or in the store). */
  dirs: string[];
  out: string;
}

/**
 * `agentperf merge RUN... --out DIR`: combines shards of one suite run on
 * several machines into one run. Records are concatenated (never
 * percentiles averaged) and every metric is recomputed from them. Shards of
 * `run --shard` are first checked to belong together (same suite, fabric,
 * seed and plan; none missing or given twice; overlapping windows). Shard
 * clocks are aligned through each shard's wall-clock epoch, so the
 * machines' clocks should be synchronised (NTP) for steps/s to be exact.
 */
export async function mergeCommand(
  args: MergeCommandArgs,
  deps: AnalysisCommandDeps = { store: null, runsDir: 'agentperf-runs' },
): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  if (args.dirs.length < 2)
    throw new UsageError('merge needs at least two runs', 'agentperf merge RUN_DIR_A RUN_DIR_B --out merged');
  const loaded: ReportInput[] = [];
  for (const reference of args.dirs) loaded.push(await resolveRun(reference, deps));
  const sharded = checkShardSet(loaded);
  const shards: ReportInput[] = sharded ?? loaded;
  const first = shards[0]!.results;
  if (sharded === null) {
    for (const shard of shards) {
      if (shard.results.suite !== first.suite) {
        throw new UsageError(
          `runs are of different suites: "${first.suite}" and "${shard.results.suite}"`,
          'merge runs of one suite',
        );
      }
    }
  }
  const epochOf = (run: RunResults): number => run.shard?.epochMs ?? Date.parse(run.startedAt);
  const epoch = Math.min(...shards.map((shard) => epochOf(shard.results)));
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  const runId = `${first.runId.replace(/-s\d+of\d+$/, '')}-merged-${shards.length}`;
  const windows = new Map<string, ShardWindow[]>();
  const perShard: MergedShard[] = [];
  shards.forEach((shard, position) => {
    const index = shard.results.shard?.index ?? position;
    const offset = epochOf(shard.results) - epoch;
    const prefix = `s${index}:`;
    const levelWindows = new Map<string, { startMs: number; endMs: number; tasks: number }>();
    for (const task of shard.tasks) {
      const moved: TaskRecord = {
        ...task,
        runId,
        taskExecId: prefix + task.taskExecId,
        shard: task.shard ?? index,
        scheduledAtMs: task.scheduledAtMs + offset,
        startMs: task.startMs + offset,
        endMs: task.endMs + offset,
      };
      tasks.push(moved);
      if (moved.warmup) continue;
      const window = levelWindows.get(moved.level);
      if (window === undefined)
        levelWindows.set(moved.level, { startMs: moved.startMs, endMs: moved.endMs, tasks: 1 });
      else {
        window.startMs = Math.min(window.startMs, moved.startMs);
        window.endMs = Math.max(window.endMs, moved.endMs);
        window.tasks += 1;
      }
    }
    for (const span of shard.spans) {
      spans.push({
        ...span,
        spanId: prefix + span.spanId,
        taskExecId: prefix + span.taskExecId,
        parentId: span.parentId === null ? null : prefix + span.parentId,
        startMs: span.startMs + offset,
        endMs: span.endMs + offset,
      });
    }
    // The time each shard generated a level's load is what must overlap; a
    // sparse open-loop level's own tasks may by chance not overlap at all.
    const generated: Array<[string, { startMs: number; endMs: number }]> =
      shard.results.shard === undefined
        ? [...levelWindows]
        : Object.entries(shard.results.shard.levelWindows).map(([level, [startMs, endMs]]) => [
            level,
            { startMs: startMs + offset, endMs: endMs + offset },
          ]);
    for (const [level, window] of generated) {
      if (!levelWindows.has(level)) continue;
      const list = windows.get(level) ?? [];
      list.push({ shard: index, runId: shard.results.runId, startMs: window.startMs, endMs: window.endMs });
      windows.set(level, list);
    }
    perShard.push({
      index,
      runId: shard.results.runId,
      status: shard.results.status,
      hostname: shard.results.environment.hostname,
      levels: Object.fromEntries(
        shard.results.levels.map((level) => {
          const window = levelWindows.get(level.label);
          return [
            level.label,
            {
              harness: level.harness,
              windowS: window === undefined ? null : [window.startMs / 1000, window.endMs / 1000],
              tasks: window?.tasks ?? 0,
            },
          ];
        }),
      ),
    });
  });
  const overlap = sharded === null ? null : checkWindowsOverlap(windows);
  const levels: LevelResult[] = first.levels.map((level) => {
    const matching = shards.flatMap((shard) =>
      shard.results.levels.filter((other) => other.label === level.label),
    );
    const levelTasks = tasks.filter((task) => task.level === level.label);
    const ids = new Set(levelTasks.map((task) => task.taskExecId));
    const sum = (pick: (other: LevelResult) => number | undefined): number =>
      matching.reduce((total, other) => total + (pick(other) ?? 0), 0);
    return computeLevelResult({
      label: level.label,
      mode: level.mode,
      // Each shard recorded the load it generated itself: the merged load is their sum.
      ...(level.concurrency === undefined ? {} : { concurrency: sum((other) => other.concurrency) }),
      ...(level.arrivalRatePerS === undefined
        ? {}
        : { arrivalRatePerS: sum((other) => other.arrivalRatePerS) }),
      ...(level.arrivalProcess === undefined ? {} : { arrivalProcess: level.arrivalProcess }),
      fabric: level.fabric,
      tasks: levelTasks,
      spans: spans.filter((span) => ids.has(span.taskExecId)),
      harness: worstHealth(
        matching.map((other) => other.harness),
        shards.map((shard, position) => shard.results.shard?.index ?? position),
      ),
      partial: matching.some((other) => other.partial),
    });
  });
  const thresholds = first.thresholds.map((outcome) => outcome.expression);
  const { shard: _shard, ...base } = first;
  const results: RunResults = {
    ...base,
    runId,
    status: shards.every((shard) => shard.results.status === 'complete') ? 'complete' : 'partial',
    startedAt: new Date(
      Math.min(...shards.map((shard) => Date.parse(shard.results.startedAt))),
    ).toISOString(),
    finishedAt: new Date(
      Math.max(...shards.map((shard) => Date.parse(shard.results.finishedAt))),
    ).toISOString(),
    levels,
    thresholds: evaluateThresholds(
      thresholds.map((expression) => parseThreshold(expression)),
      levels,
    ),
    shards: perShard,
  };
  const out = resolve(args.out);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n') + '\n');
  await writeFile(join(out, 'spans.jsonl'), spans.map((span) => JSON.stringify(span)).join('\n') + '\n');
  const kind = sharded === null ? 'runs' : `shards of ${first.shard!.count}`;
  write(`merged ${shards.length} ${kind} (${tasks.length} task executions) into ${out}\n`);
  if (overlap !== null)
    for (const [level, fraction] of overlap)
      write(`  level ${level}: shard windows overlap ${(fraction * 100).toFixed(0)}%\n`);
  for (const shard of perShard)
    for (const [level, view] of Object.entries(shard.levels))
      for (const warning of view.harness.warnings)
        write(`  shard ${shard.index} (${shard.hostname}) ${level}: harness ${warning}\n`);
  return results.thresholds.every((outcome) => outcome.passed) ? 0 : 1;
}

function worstHealth(healths: HarnessHealth[], indices: number[]): HarnessHealth {
  return {
    eventLoopLagMs: {
      p50: Math.max(...healths.map((health) => health.eventLoopLagMs.p50)),
      p99: Math.max(...healths.map((health) => health.eventLoopLagMs.p99)),
      max: Math.max(...healths.map((health) => health.eventLoopLagMs.max)),
    },
    cpuFraction: Math.max(...healths.map((health) => health.cpuFraction)),
    startLagP99Ms: Math.max(...healths.map((health) => health.startLagP99Ms)),
    ...pacedStartsOf(healths),
    warnings: healths.flatMap((health, position) =>
      health.warnings.map((warning) => `shard ${indices[position]}: ${warning}`),
    ),
    ...worstShardSimulator(healths),
  };
}

/** Each shard hosts its own simulator threads: the worst of them, when any shard had one. */
function worstShardSimulator(healths: HarnessHealth[]): Pick<HarnessHealth, 'simulator'> {
  const worst = worstSimulatorHealth(
    healths.flatMap((health) => (health.simulator === undefined ? [] : [health.simulator])),
  );
  return worst === null ? {} : { simulator: worst };
}
