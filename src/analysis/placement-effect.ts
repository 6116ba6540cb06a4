import type { RunResults } from '../spec/index.js';

/** Where the placement of tools (the network to them), not the model, decided a level's ranking. */
export interface PlacementEffect {
  level: string;
  /** Entry → fraction of the level's critical path spent on the (simulated) network to tools; null without the level. */
  networkShare: Record<string, number | null>;
  /** Entry → mean end-to-end ms, and the same with its network share taken out. */
  meanE2eMs: Record<string, number | null>;
  meanE2eWithoutNetworkMs: Record<string, number | null>;
  /** Entries best first by mean e2e, with and without the network part. */
  orderWithNetwork: string[];
  orderWithoutNetwork: string[];
  /** True when the two orders differ: the placement decided the ranking at this level. */
  decided: boolean;
}

/**
 * For each level every entry has: the entries ranked by mean end-to-end
 * latency as run, and as they would rank if the network to their tools
 * cost nothing (mean e2e × (1 − network share of the critical path)). Where
 * the orders differ, tool placement rather than the models decided the
 * ranking. The counterfactual is read off the critical path, not re-run: a
 * shorter task would also have met less queueing, so it is a first-order
 * estimate and says so wherever shown.
 */
export function placementEffects(
  entries: readonly string[],
  runs: readonly RunResults[],
  levels: readonly string[],
): PlacementEffect[] {
  const effects: PlacementEffect[] = [];
  for (const label of levels) {
    const networkShare: Record<string, number | null> = {};
    const meanE2eMs: Record<string, number | null> = {};
    const withoutNetwork: Record<string, number | null> = {};
    runs.forEach((run, index) => {
      const name = entries[index]!;
      const level = run.levels.find((candidate) => candidate.label === label);
      const mean = level?.e2eMs.mean ?? null;
      const share = level === undefined ? null : (level.byStepKind.network?.criticalPathShare ?? 0);
      networkShare[name] = share;
      meanE2eMs[name] = mean;
      withoutNetwork[name] = mean === null || share === null ? null : mean * (1 - share);
    });
    if (!Object.values(networkShare).some((share) => share !== null && share > 0)) continue;
    const orderWithNetwork = orderOf(meanE2eMs);
    const orderWithoutNetwork = orderOf(withoutNetwork);
    effects.push({
      level: label,
      networkShare,
      meanE2eMs,
      meanE2eWithoutNetworkMs: withoutNetwork,
      orderWithNetwork,
      orderWithoutNetwork,
      decided: orderWithNetwork.some((name, position) => orderWithoutNetwork[position] !== name),
    });
  }
  return effects;
}

function orderOf(values: Record<string, number | null>): string[] {
  return Object.entries(values)
    .filter((entry): entry is [string, number] => entry[1] !== null)
    .sort((left, right) => left[1] - right[1])
    .map(([name]) => name);
}
