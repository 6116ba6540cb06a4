import { deriveSeed } from './random.js';

/**
 * One share of a run's load: shard `index` of `count` (Kubernetes Indexed
 * Job completion index and completions), or a worker thread of a machine.
 * Both split load through the functions below, so their records union to
 * exactly what one unsplit process would have run.
 */
export interface LoadShare {
  index: number;
  count: number;
}

/** The whole load: one process, nothing split. */
export const WHOLE: LoadShare = { index: 0, count: 1 };

/**
 * Shares that take part in a closed-loop level of `agents` agents: a share
 * without an agent could not run the executions it owned, so a level with
 * fewer agents than shares runs on the first `agents` shares only.
 */
export function activeShares(agents: number, count: number): number {
  return Math.max(1, Math.min(agents, count));
}

/** Agents this share runs at a closed-loop level; the remainder goes to the lowest indices. */
export function shareAgents(agents: number, share: LoadShare): number {
  const active = activeShares(agents, share.count);
  if (share.index >= active) return 0;
  return Math.floor(agents / active) + (share.index < agents % active ? 1 : 0);
}

/**
 * The k-th execution of this share as an execution number of the whole
 * level. Shares take every `stride`-th number, so the case plan of the union
 * is the unsplit plan, warm-up flags included.
 */
export function globalExecution(k: number, share: LoadShare, stride: number): number {
  return k * stride + share.index;
}

/** Executions this share runs out of a level's `total` (count-bounded levels). */
export function shareExecutions(total: number, share: LoadShare, stride: number): number {
  if (share.index >= stride) return 0;
  return Math.max(0, Math.ceil((total - share.index) / stride));
}

/**
 * The first k of this share at or after execution `firstN` of the whole
 * (a resumed time-bounded level continues from there).
 */
export function firstShareExecution(firstN: number, share: LoadShare, stride: number): number {
  return Math.max(0, Math.ceil((firstN - share.index) / stride));
}

/**
 * True when arrival k of one arrival schedule is this share's. Worker
 * threads of one process split one schedule this way (every share walks
 * the same seeded arrival times and runs every `count`-th), so the union
 * is that schedule exactly: no arrival twice, none moved.
 */
export function ownsArrival(k: number, share: LoadShare): boolean {
  return k % share.count === share.index;
}

/** This share's open-loop arrival rate: the rates of all shares add up to the level's. */
export function shareRate(rate: number, share: LoadShare): number {
  return rate / share.count;
}

/**
 * Seed of this share's open-loop arrival stream. The unsplit run keeps its
 * historical stream; shares derive theirs from the run seed and their index,
 * so no two shares draw the same arrivals.
 */
export function arrivalSeed(runSeed: number, levelLabel: string, share: LoadShare): number {
  return share.count === 1
    ? deriveSeed(runSeed, levelLabel, 'arrivals')
    : deriveSeed(runSeed, levelLabel, 'arrivals', `share ${share.index}/${share.count}`);
}

/**
 * Parses "i/N" (0-based index, as Kubernetes numbers completions). Returns
 * an error message instead of throwing so callers can word the fix.
 */
export function parseShare(text: string): LoadShare | string {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) return `"${text}" is not INDEX/COUNT, e.g. 0/4`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) return `shard count must be at least 1, got ${count}`;
  if (index >= count) return `shard index ${index} is out of range 0..${count - 1} (indices start at 0)`;
  return { index, count };
}
