import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { computeLevelResult, evaluateThresholds, parseThreshold } from '../metrics/index.js';
import { isRunDirectory, loadRunDirectory } from '../report/index.js';
import type { ReportInput } from '../report/index.js';
import type { HarnessHealth, LevelResult, RunResults, SpanRecord, TaskRecord } from '../spec/index.js';

/**
 * `agentperf merge DIR... --out DIR`: combines shards of one suite run on
 * several machines into one run. Records are concatenated (never
 * percentiles averaged) and every metric is recomputed from them. Shard
 * clocks are aligned through each shard's wall-clock start time, so the
 * machines' clocks should be synchronised (NTP) for steps/s to be exact.
 */
export async function mergeCommand(args: { dirs: string[]; out: string }): Promise<number> {
  if (args.dirs.length < 2)
    throw new UsageError(
      'merge needs at least two run directories',
      'agentperf merge RUN_DIR_A RUN_DIR_B --out merged',
    );
  const shards: ReportInput[] = [];
  for (const dir of args.dirs) {
    if (!isRunDirectory(dir))
      throw new UsageError(
        `${dir} is not a run directory (no results.json)`,
        'name directories written by agentperf run',
      );
    shards.push(await loadRunDirectory(dir));
  }
  const first = shards[0]!.results;
  for (const shard of shards) {
    if (shard.results.suite !== first.suite) {
      throw new UsageError(
        `shards are of different suites: "${first.suite}" and "${shard.results.suite}"`,
        'merge shards of one suite',
      );
    }
  }
  const epoch = Math.min(...shards.map((shard) => Date.parse(shard.results.startedAt)));
  const tasks: TaskRecord[] = [];
  const spans: SpanRecord[] = [];
  const runId = `${first.runId}-merged-${shards.length}`;
  shards.forEach((shard, index) => {
    const offset = Date.parse(shard.results.startedAt) - epoch;
    const prefix = `s${index}:`;
    for (const task of shard.tasks) {
      tasks.push({
        ...task,
        runId,
        taskExecId: prefix + task.taskExecId,
        scheduledAtMs: task.scheduledAtMs + offset,
        startMs: task.startMs + offset,
        endMs: task.endMs + offset,
      });
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
  });
  const levels: LevelResult[] = first.levels.map((level) => {
    const matching = shards.flatMap((shard) =>
      shard.results.levels.filter((other) => other.label === level.label),
    );
    const ids = new Set(tasks.filter((task) => task.level === level.label).map((task) => task.taskExecId));
    return computeLevelResult({
      label: level.label,
      mode: level.mode,
      ...(level.concurrency === undefined ? {} : { concurrency: level.concurrency * matching.length }),
      ...(level.arrivalRatePerS === undefined
        ? {}
        : { arrivalRatePerS: level.arrivalRatePerS * matching.length }),
      ...(level.arrivalProcess === undefined ? {} : { arrivalProcess: level.arrivalProcess }),
      fabric: level.fabric,
      tasks: tasks.filter((task) => task.level === level.label),
      spans: spans.filter((span) => ids.has(span.taskExecId)),
      harness: worstHealth(matching.map((other) => other.harness)),
      partial: matching.some((other) => other.partial),
    });
  });
  const thresholds = first.thresholds.map((outcome) => outcome.expression);
  const results: RunResults = {
    ...first,
    runId,
    status: shards.every((shard) => shard.results.status === 'complete') ? 'complete' : 'partial',
    startedAt: new Date(epoch).toISOString(),
    finishedAt: new Date(
      Math.max(...shards.map((shard) => Date.parse(shard.results.finishedAt))),
    ).toISOString(),
    levels,
    thresholds: evaluateThresholds(
      thresholds.map((expression) => parseThreshold(expression)),
      levels,
    ),
  };
  const out = resolve(args.out);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out, 'tasks.jsonl'), tasks.map((task) => JSON.stringify(task)).join('\n') + '\n');
  await writeFile(join(out, 'spans.jsonl'), spans.map((span) => JSON.stringify(span)).join('\n') + '\n');
  process.stdout.write(`merged ${shards.length} shards (${tasks.length} task executions) into ${out}\n`);
  return results.thresholds.every((outcome) => outcome.passed) ? 0 : 1;
}

function worstHealth(healths: HarnessHealth[]): HarnessHealth {
  return {
    eventLoopLagMs: {
      p50: Math.max(...healths.map((health) => health.eventLoopLagMs.p50)),
      p99: Math.max(...healths.map((health) => health.eventLoopLagMs.p99)),
      max: Math.max(...healths.map((health) => health.eventLoopLagMs.max)),
    },
    cpuFraction: Math.max(...healths.map((health) => health.cpuFraction)),
    startLagP99Ms: Math.max(...healths.map((health) => health.startLagP99Ms)),
    warnings: healths.flatMap((health, index) =>
      health.warnings.map((warning) => `shard ${index}: ${warning}`),
    ),
  };
}
