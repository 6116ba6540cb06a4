import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { type PlacementEffect, placementEffects } from './placement-effect.js';
import { type SingleCallFigures, singleCallFigures } from './single-call.js';

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
  /** Entry name → rank, 1 = best; ties share a rank; null when the value is missing. */
  ranks: Record<string, number | null>;
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
}

export interface Scorecard {
  suite: string;
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
export function buildScorecard(runs: readonly ScorecardRun[], options: { role?: string } = {}): Scorecard {
  const names = entryNames(runs);
  const suites = new Set(runs.map((run) => run.results.suite));
  const notes: string[] = [];
  if (suites.size > 1)
    notes.push(`runs come from different suites (${[...suites].join(', ')}): rankings compare unlike work`);
  const labels = commonLevels(runs);
  const endToEnd: Ranking[] = [];
  const valuesBy = (pick: (run: ScorecardRun) => number | null): Record<string, number | null> =>
    Object.fromEntries(runs.map((run, index) => [names[index]!, pick(run)]));
  for (const label of labels) {
    endToEnd.push(
      ranking(
        `e2e p95 @ ${label}`,
        'end to end',
        true,
        'ms',
        valuesBy((run) => levelOf(run, label)?.e2eMs.p95 ?? null),
      ),
    );
  }
  for (const label of labels) {
    // Slow correct beats fast wrong: the pass rate sits beside every speed ranking.
    endToEnd.push(
      ranking(
        `pass rate @ ${label}`,
        'end to end',
        false,
        'fraction',
        valuesBy((run) => levelOf(run, label)?.passRate ?? null),
      ),
    );
    endToEnd.push(
      ranking(
        `cost/passed task @ ${label}`,
        'end to end',
        true,
        'usd',
        valuesBy((run) => levelOf(run, label)?.costPerPassedTaskUsd ?? null),
      ),
    );
    endToEnd.push(
      ranking(
        `passed-only p95 @ ${label}`,
        'end to end',
        true,
        'ms',
        valuesBy((run) => levelOf(run, label)?.passedE2eMs.p95 ?? null),
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

function entryNames(runs: readonly ScorecardRun[]): string[] {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.results.fabric, (counts.get(run.results.fabric) ?? 0) + 1);
  return runs.map((run) =>
    counts.get(run.results.fabric)! > 1 ? `${run.results.fabric} (${run.results.runId})` : run.results.fabric,
  );
}

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

export function ranking(
  metric: string,
  kind: Ranking['kind'],
  lowerIsBetter: boolean,
  unit: Ranking['unit'],
  values: Record<string, number | null>,
): Ranking {
  const present = Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== null);
  present.sort((left, right) => (lowerIsBetter ? left[1] - right[1] : right[1] - left[1]));
  const ranks: Record<string, number | null> = Object.fromEntries(
    Object.keys(values).map((name) => [name, null]),
  );
  present.forEach(([name, value], index) => {
    const previous = present[index - 1];
    ranks[name] = previous !== undefined && previous[1] === value ? ranks[previous[0]]! : index + 1;
  });
  const missing = Object.keys(values).filter((name) => values[name] === null);
  return {
    metric,
    kind,
    lowerIsBetter,
    unit,
    values,
    ranks,
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
  return {
    endToEnd: primary.metric,
    singleCall: reference.metric,
    kendallTau: pairs === 0 ? null : (concordant - discordant) / pairs,
    leaderEndToEnd: primary.order.find((name) => primary.ranks[name] === 1) ?? null,
    leaderSingleCall: reference.order.find((name) => reference.ranks[name] === 1) ?? null,
    moved: common.filter((name) => primary.ranks[name] !== reference.ranks[name]),
  };
}
