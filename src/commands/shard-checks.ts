import { UsageError } from '../errors.js';
import type { ReportInput } from '../report/index.js';
import type { ShardInfo } from '../spec/index.js';

/** A loaded run that says it is a shard. */
export type ShardRun = ReportInput & { results: ReportInput['results'] & { shard: ShardInfo } };

/**
 * Checks that runs given to `merge` are the shards of one sharded run:
 * every shard of the count present once, and the same suite, fabric, seed
 * and plan. Throws a UsageError naming the first pair that disagrees.
 * Returns the shards ordered by index; null when none is a shard (runs of
 * one suite from several machines, merged as before without these checks).
 */
export function checkShardSet(runs: ReportInput[]): ShardRun[] | null {
  const sharded = runs.filter((run): run is ShardRun => run.results.shard !== undefined);
  if (sharded.length === 0) return null;
  if (sharded.length !== runs.length) {
    const plain = runs.find((run) => run.results.shard === undefined)!;
    throw new UsageError(
      `run ${plain.results.runId} is not a shard, but ${sharded[0]!.results.runId} is (shard ${sharded[0]!.results.shard.index}/${sharded[0]!.results.shard.count})`,
      'merge the shards of one sharded run together, or only unsharded runs',
    );
  }
  const first = sharded[0]!.results;
  const name = (run: ShardRun): string => `shard ${run.results.shard.index} (${run.results.runId})`;
  for (const run of sharded) {
    const other = run.results;
    const differs = (what: string, mine: unknown, theirs: unknown): UsageError =>
      new UsageError(
        `${name(run)} ran ${what} ${JSON.stringify(theirs)}, but ${name(sharded[0]!)} ran ${JSON.stringify(mine)}: they are not shards of one run`,
        'start every shard with the same suite, fabric, levels and --seed (the manifests from `agentperf k8s` do)',
      );
    if (other.suite !== first.suite) throw differs('suite', first.suite, other.suite);
    if (other.fabric !== first.fabric) throw differs('fabric', first.fabric, other.fabric);
    if (other.seed !== first.seed) throw differs('seed', first.seed, other.seed);
    if (other.shard.count !== first.shard.count)
      throw differs('as one of a shard count of', first.shard.count, other.shard.count);
    if (other.shard.planDigest !== first.shard.planDigest)
      throw new UsageError(
        `${name(run)} ran a different plan than ${name(sharded[0]!)} (plan digest ${other.shard.planDigest.slice(0, 12)} vs ${first.shard.planDigest.slice(0, 12)}: levels, tasks, cases or fabric differ)`,
        'start every shard from the same suite file and flags',
      );
  }
  const byIndex = new Map<number, ShardRun>();
  for (const run of sharded) {
    const seen = byIndex.get(run.results.shard.index);
    if (seen !== undefined)
      throw new UsageError(
        `shard ${run.results.shard.index} is given twice: ${seen.results.runId} and ${run.results.runId}`,
        'pass each shard once',
      );
    byIndex.set(run.results.shard.index, run);
  }
  const missing = Array.from({ length: first.shard.count }, (_, index) => index).filter(
    (index) => !byIndex.has(index),
  );
  if (missing.length > 0)
    throw new UsageError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${first.shard.count} missing: merging would leave out part of the plan`,
      'pass every shard of the run (a failed pod must be rerun with the same index)',
    );
  return [...byIndex.values()].sort((left, right) => left.results.shard.index - right.results.shard.index);
}

/** When a shard generated one level's load, in ms on the merged clock. */
export interface ShardWindow {
  shard: number;
  runId: string;
  startMs: number;
  endMs: number;
}

/**
 * Each level's measuring windows must overlap: shards that measured one
 * after another did not load the system together, and their sum would
 * report a load that never happened. Throws naming the two shards.
 * Returns, per level, the fraction of the union all shards shared.
 */
export function checkWindowsOverlap(windows: Map<string, ShardWindow[]>): Map<string, number> {
  const overlap = new Map<string, number>();
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  for (const [level, list] of windows) {
    if (list.length < 2) {
      overlap.set(level, 1);
      continue;
    }
    const latestStart = list.reduce((best, window) => (window.startMs > best.startMs ? window : best));
    const earliestEnd = list.reduce((best, window) => (window.endMs < best.endMs ? window : best));
    if (latestStart.startMs >= earliestEnd.endMs)
      throw new UsageError(
        `level ${level}: shard ${latestStart.shard} ran it (${seconds(latestStart.startMs)}–${seconds(latestStart.endMs)} s), after shard ${earliestEnd.shard} had finished it (${seconds(earliestEnd.startMs)}–${seconds(earliestEnd.endMs)} s): the shards did not load the system together`,
        'start the shards together (run --start-at TIME; the manifests from `agentperf k8s` set it), with time-bounded levels (--duration) so later levels line up too',
      );
    const union =
      Math.max(...list.map((window) => window.endMs)) - Math.min(...list.map((window) => window.startMs));
    overlap.set(level, union <= 0 ? 1 : (earliestEnd.endMs - latestStart.startMs) / union);
  }
  return overlap;
}
