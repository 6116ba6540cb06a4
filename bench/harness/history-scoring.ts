import type { HistoryAnalysis } from '../../src/analysis/index.js';

/** Run index (0-based) where the diagnostics drift begins: run 4 of 10. */
export const DRIFT_ONSET = 3;

/** A drifting series is scored as found when embed is the first mover, and dated when its onset is within one run. */
export function scoreDrift(analysis: HistoryAnalysis): { named: boolean; dated: boolean } {
  const first = analysis.firstMover;
  const named = first?.series.key.split(' ')[0] === 'embed';
  return { named, dated: named && Math.abs(first!.runIndex - DRIFT_ONSET) <= 1 };
}
