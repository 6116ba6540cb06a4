import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { drawResampleCounts, percentileInterval } from './bootstrap.js';
import { type RunHealth, runHealth } from './harness-health.js';
import { meanDifference } from './mean-difference.js';
import { seededRandom } from './random.js';
import { type StatisticName, sampleStatistics } from './sample-statistics.js';
import { type PlacementEffect, placementEffects } from './placement-effect.js';
import { type SingleCallFigures, singleCallFigures } from './single-call.js';
import { taskSample } from './task-sample.js';

/** A run to place on the scorecard; tasks and spans let single-call figures be derived when no probe ran. */
export interface ScorecardRun {
  results: RunResults;
  tasks?: readonly TaskRecord[];
  spans?: readonly SpanRecord[];
}

/** One ordering of the entries by one metric. */
export interface Ranking {
  metric: string;
  kind: 'end to end' | 'single call';
  lowerIsBetter: boolean;
  unit: 'ms' | 'usd' | 'tokens-per-second' | 'fraction';
  /** Entry name → value (null when the run lacks it). */
  values: Record<string, number | null>;
  /** Entry name → 95% interval of the value (null when it has none, e.g. a probe median). */
  intervals: Record<string, [number, number] | null>;
  /**
   * Entry name → rank, 1 = best: one more than the entries that are better
   * beyond both intervals (points where there is no interval), so entries
   * that cannot be told apart share a rank (a tie); null when missing.
   */
  ranks: Record<string, number | null>;
  /** Entry name → the best and worst rank its interval allows. */
  rankRanges: Record<string, [number, number] | null>;
  /** Names best first (missing values last). */
  order: string[];
}

export interface RankingDisagreement {
  endToEnd: string;
  singleCall: string;
  /** Kendall's tau between the two orders (1 identical, −1 reversed); null with fewer than two common entries. */
  kendallTau: number | null;
  leaderEndToEnd: string | null;
  leaderSingleCall: string | null;
  /** Entries whose rank differs between the two. */
  moved: string[];
  /**
   * Pairs the two rankings order oppositely where the end-to-end order holds
   * beyond the intervals: [better end to end, better by single call].
   */
  beyondIntervals: [string, string][];
}

export interface Scorecard {
  suite: string;
  /** Entry name → harness health of each of its runs. */
  health: Record<string, RunHealth[]>;
  /** Entry name → how many runs it rests on. */
  runCounts: Record<string, number>;
  /** Entry names (the fabric, with the run id when two runs share a fabric). */
  entries: string[];
  simulated: boolean;
  singleCall: Record<string, SingleCallFigures>;
  endToEnd: Ranking[];
  singleCallRankings: Ranking[];
  disagreements: RankingDisagreement[];
  /** Per level: network share per entry, and whether tool placement decided the ranking. */
  placement: PlacementEffect[];
  notes: string[];
}

/**
 * Ranks runs of one suite (one per fabric or vendor) the way users feel
 * them, end-to-end p95 per level, cost per passed task and passed-only p95,
 * beside the single-call ranking (TTFT, output tokens/s), and says where
 * the two orders disagree.
 */
export function buildScorecard(
  entries: readonly (ScorecardRun | readonly ScorecardRun[])[],
  options: { role?: string; seed?: number } = {},
): Scorecard {
  const groups = entries.map((entry) => (Array.isArray(entry) ? [...entry] : [entry as ScorecardRun]));
  const runs = groups.map((group) => group[0]!);
  const names = entryNames(groups);
  const random = seededRandom(options.seed ?? 1);
  const suites = new Set(runs.map((run) => run.results.suite));
  const notes: string[] = [];
  if (suites.size > 1)
    notes.push(`runs come from different suites (${[...suites].join(', ')}): rankings compare unlike work`);
  const labels = commonLevels(runs);
  const endToEnd: Ranking[] = [];
  const rank = (
    metric: string,
    lowerIsBetter: boolean,
    unit: Ranking['unit'],
    label: string,
    statistic: StatisticName,
    pick: (run: ScorecardRun) => number | null,
  ): Ranking => {
    const values: Record<string, number | null> = {};
    const intervals: Record<string, [number, number] | null> = {};
    groups.forEach((group, index) => {
      const estimate = entryEstimate(group, label, statistic, pick, random);
      values[names[index]!] = estimate.value;
      intervals[names[index]!] = estimate.ci95;
    });
    return ranking(metric, 'end to end', lowerIsBetter, unit, values, intervals);
  };
  for (const label of labels) {
    endToEnd.push(
      rank(
        `e2e p95 @ ${label}`,
        true,
        'ms',
        label,
        'e2eP95',
        (run) => levelOf(run, label)?.e2eMs.p95 ?? null,
      ),
    );
  }
  for (const label of labels) {
    // Slow correct beats fast wrong: the pass rate sits beside every speed ranking.
    endToEnd.push(
      rank(
        `pass rate @ ${label}`,
        false,
        'fraction',
        label,
        'passRate',
        (run) => levelOf(run, label)?.passRate ?? null,
      ),
    );
    endToEnd.push(
      rank(
        `cost/passed task @ ${label}`,
        true,
        'usd',
        label,
        'costPerPassedTaskUsd',
        (run) => levelOf(run, label)?.costPerPassedTaskUsd ?? null,
      ),
    );
    endToEnd.push(
      rank(
        `passed-only p95 @ ${label}`,
        true,
        'ms',
        label,
        'passedE2eP95',
        (run) => levelOf(run, label)?.passedE2eMs.p95 ?? null,
      ),
    );
  }
  const singleCall: Record<string, SingleCallFigures> = {};
  runs.forEach((run, index) => {
    singleCall[names[index]!] = singleCallFigures(run.results, run.tasks, run.spans, options.role);
  });
  const roles = new Set(Object.values(singleCall).map((figures) => figures.role));
  if (roles.size > 1)
    notes.push(
      `single-call figures describe different roles (${[...roles].join(', ')}): name one with --role`,
    );
  const derived = Object.entries(singleCall).filter(([, figures]) => figures.source !== 'probe');
  if (derived.length > 0) {
    notes.push(
      `single-call figures for ${derived.map(([name]) => name).join(', ')} are ${derived.some(([, f]) => f.source === 'unavailable') ? 'missing or ' : ''}` +
        'derived from chat spans at concurrency 1, not from a `run --single-call` probe',
    );
  }
  const disturbed = Object.entries(singleCall).filter(([, figures]) => figures.harnessWarnings.length > 0);
  if (disturbed.length > 0)
    notes.push(
      `single-call figures for ${disturbed.map(([name]) => name).join(', ')} were measured while the harness warned ` +
        `(${disturbed[0]![1].harnessWarnings[0]}): their TTFT may include harness delay`,
    );
  const singleCallRankings = [
    ranking(
      'single-call TTFT',
      'single call',
      true,
      'ms',
      mapValues(singleCall, (figures) => figures.ttftMs),
    ),
    ranking(
      'single-call output tokens/s',
      'single call',
      false,
      'tokens-per-second',
      mapValues(singleCall, (figures) => figures.outputTokensPerS),
    ),
  ];
  const disagreements: RankingDisagreement[] = [];
  for (const primary of endToEnd.filter((entry) => entry.metric.startsWith('e2e p95'))) {
    for (const reference of singleCallRankings) disagreements.push(disagreement(primary, reference));
  }
  return {
    suite: [...suites].join(', '),
    health: Object.fromEntries(
      groups.map((group, index) => [names[index]!, group.map((run) => runHealth(run.results))]),
    ),
    runCounts: Object.fromEntries(groups.map((group, index) => [names[index]!, group.length])),
    entries: names,
    simulated: runs.some((run) => run.results.simulated),
    singleCall,
    endToEnd,
    singleCallRankings,
    disagreements,
    placement: placementEffects(
      names,
      runs.map((run) => run.results),
      labels,
    ),
    notes,
  };
}

function levelOf(run: ScorecardRun, label: string) {
  return run.results.levels.find((level) => level.label === label);
}

function entryNames(groups: readonly ScorecardRun[][]): string[] {
  const counts = new Map<string, number>();
  for (const group of groups) {
    const fabric = group[0]!.results.fabric;
    counts.set(fabric, (counts.get(fabric) ?? 0) + 1);
  }
  return groups.map((group) => {
    const first = group[0]!.results;
    if (counts.get(first.fabric)! === 1) return first.fabric;
    return `${first.fabric} (${group.length > 1 ? (first.group?.id ?? `${group.length} runs`) : first.runId})`;
  });
}

/**
 * An entry's value and 95% interval. Several runs: the mean of the per-run
 * values with a t-interval (run-to-run spread). One run: the reported value
 * with the spread of a bootstrap of its tasks around it (within-run only).
 */
function entryEstimate(
  group: readonly ScorecardRun[],
  label: string,
  statistic: StatisticName,
  pick: (run: ScorecardRun) => number | null,
  random: () => number,
): { value: number | null; ci95: [number, number] | null } {
  const values = group.map(pick);
  if (values.some((value) => value === null)) return { value: null, ci95: null };
  const present = values as number[];
  const value = present.reduce((sum, item) => sum + item, 0) / present.length;
  if (present.length >= 2) {
    const spread = meanDifference(
      present.map(() => 0),
      present,
      false,
    );
    if (spread === null) return { value, ci95: [value, value] };
    // Welch against a zero-variance reference reduces to the one-sample t-interval of the mean.
    return { value, ci95: spread.ci95 };
  }
  const run = group[0]!;
  const level = levelOf(run, label);
  if (run.tasks === undefined || level === undefined) return { value, ci95: null };
  const sample = taskSample(
    run.tasks.filter((task) => task.level === label),
    level.wallS,
    level.mode,
  );
  if (sample.e2eMs.length < 2) return { value, ci95: null };
  const estimate = sampleStatistics(sample, null)[statistic];
  if (estimate === null) return { value, ci95: null };
  const draws = new Float64Array(BOOTSTRAP_DRAWS);
  const counts = new Uint32Array(sample.e2eMs.length);
  for (let draw = 0; draw < BOOTSTRAP_DRAWS; draw++) {
    draws[draw] =
      sampleStatistics(sample, drawResampleCounts(sample.e2eMs.length, random, counts))[statistic] ??
      Number.NaN;
  }
  const interval = percentileInterval(draws, 0.95);
  return {
    value,
    ci95: interval === null ? null : [value + interval[0] - estimate, value + interval[1] - estimate],
  };
}

const BOOTSTRAP_DRAWS = 1000;

/** Levels every run has, in the first run's order. */
function commonLevels(runs: readonly ScorecardRun[]): string[] {
  if (runs.length === 0) return [];
  return runs[0]!.results.levels
    .map((level) => level.label)
    .filter((label) => runs.every((run) => run.results.levels.some((level) => level.label === label)));
}

function mapValues<T>(
  record: Record<string, T>,
  pick: (value: T) => number | null,
): Record<string, number | null> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, pick(value)]));
}

/**
 * Orders entries by value. With intervals, an entry's rank is one more than
 * the number of entries better than it beyond both intervals, and its rank
 * range runs from there to the worst rank its interval allows; entries
 * without an interval count as points.
 */
export function ranking(
  metric: string,
  kind: Ranking['kind'],
  lowerIsBetter: boolean,
  unit: Ranking['unit'],
  values: Record<string, number | null>,
  intervals: Record<string, [number, number] | null> = {},
): Ranking {
  const present = Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== null);
  present.sort((left, right) => (lowerIsBetter ? left[1] - right[1] : right[1] - left[1]));
  const bounds = (name: string, value: number): [number, number] => intervals[name] ?? [value, value];
  // "a beats b" when a is better than b beyond both intervals.
  const beats = (a: [string, number], b: [string, number]): boolean => {
    const [aLow, aHigh] = bounds(a[0], a[1]);
    const [bLow, bHigh] = bounds(b[0], b[1]);
    return lowerIsBetter ? aHigh < bLow : aLow > bHigh;
  };
  const ranks: Record<string, number | null> = Object.fromEntries(
    Object.keys(values).map((name) => [name, null]),
  );
  const rankRanges: Record<string, [number, number] | null> = Object.fromEntries(
    Object.keys(values).map((name) => [name, null]),
  );
  for (const entry of present) {
    const better = present.filter((other) => other !== entry && beats(other, entry)).length;
    const worse = present.filter((other) => other !== entry && beats(entry, other)).length;
    ranks[entry[0]] = better + 1;
    rankRanges[entry[0]] = [better + 1, present.length - worse];
  }
  const missing = Object.keys(values).filter((name) => values[name] === null);
  return {
    metric,
    kind,
    lowerIsBetter,
    unit,
    values,
    intervals: Object.fromEntries(Object.keys(values).map((name) => [name, intervals[name] ?? null])),
    ranks,
    rankRanges,
    order: [...present.map(([name]) => name), ...missing],
  };
}

function disagreement(primary: Ranking, reference: Ranking): RankingDisagreement {
  const common = Object.keys(primary.ranks).filter(
    (name) => primary.ranks[name] !== null && reference.ranks[name] !== null,
  );
  let concordant = 0;
  let discordant = 0;
  for (let left = 0; left < common.length; left++) {
    for (let right = left + 1; right < common.length; right++) {
      const a = Math.sign(primary.ranks[common[left]!]! - primary.ranks[common[right]!]!);
      const b = Math.sign(reference.ranks[common[left]!]! - reference.ranks[common[right]!]!);
      if (a * b > 0) concordant++;
      else if (a * b < 0) discordant++;
    }
  }
  const pairs = (common.length * (common.length - 1)) / 2;
  const beyondIntervals: [string, string][] = [];
  for (const a of common) {
    for (const b of common) {
      // a beats b end to end beyond both intervals, yet b leads by single call.
      const valueA = primary.values[a]!;
      const valueB = primary.values[b]!;
      const [aLow, aHigh] = primary.intervals[a] ?? [valueA, valueA];
      const [bLow, bHigh] = primary.intervals[b] ?? [valueB, valueB];
      const separated = primary.lowerIsBetter ? aHigh < bLow : aLow > bHigh;
      if (separated && reference.ranks[b]! < reference.ranks[a]!) beyondIntervals.push([a, b]);
    }
  }
  return {
    beyondIntervals,
    endToEnd: primary.metric,
    singleCall: reference.metric,
    kendallTau: pairs === 0 ? null : (concordant - discordant) / pairs,
    leaderEndToEnd: primary.order.find((name) => primary.ranks[name] === 1) ?? null,
    leaderSingleCall: reference.order.find((name) => reference.ranks[name] === 1) ?? null,
    moved: common.filter((name) => primary.ranks[name] !== reference.ranks[name]),
  };
}
