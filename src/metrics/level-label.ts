/** What a level label says: closed loop with N agents ("c16") or open loop at R tasks/s ("r2.5"). */
export type LevelShape = { mode: 'closed'; concurrency: number } | { mode: 'open'; arrivalRatePerS: number };

/** The label TaskRecord.level carries: "c16" for 16 agents, "r2.5" for 2.5 arrivals/s. */
export function formatLevelLabel(shape: LevelShape): string {
  return shape.mode === 'closed' ? `c${shape.concurrency}` : `r${shape.arrivalRatePerS}`;
}

/**
 * Reads a level label back ("c16", "r2.5"; a bare "16" means c16, as in
 * `--levels 1,16,64`). Null when the text is not a level.
 */
export function parseLevelLabel(text: string): LevelShape | null {
  const closed = /^c?(\d+)$/.exec(text.trim());
  if (closed !== null && Number(closed[1]) > 0) return { mode: 'closed', concurrency: Number(closed[1]) };
  const open = /^r(\d+(?:\.\d+)?|\.\d+)$/.exec(text.trim());
  if (open !== null && Number(open[1]) > 0) return { mode: 'open', arrivalRatePerS: Number(open[1]) };
  return null;
}
