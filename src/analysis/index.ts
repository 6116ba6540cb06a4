/** Statistics over runs: compare, change points, history, scorecard, and their small helpers. */
export { type CdfPoint, cdfPoints } from './cdf.js';
export { drawResampleCounts, percentileInterval } from './bootstrap.js';
export {
  type ComparableRun,
  type CompareOptions,
  compareRuns,
  type MetricComparison,
  type RunComparison,
  type Verdict,
  verdictOf,
} from './compare.js';
export { COMPARED_METRICS, type MetricDefinition } from './metric-directions.js';
export { mean, quantile, quantileOfSorted } from './quantile.js';
export { type Random, seededRandom, shuffleInPlace } from './random.js';
export { type SampleStatistics, type StatisticName, sampleStatistics } from './sample-statistics.js';
export { type TaskSample, taskSample } from './task-sample.js';
export { type ChangePoint, type ChangePointOptions, eDivisive } from './change-points.js';
export {
  type HistoryOptions,
  type HistorySeries,
  historySeries,
  type MetricSeries,
} from './history-series.js';
export {
  analyseHistory,
  type HistoryAnalysis,
  type HistoryAnalysisOptions,
  type MetricMove,
} from './history.js';
export {
  buildScorecard,
  type Ranking,
  type RankingDisagreement,
  ranking,
  type Scorecard,
  type ScorecardRun,
} from './scorecard.js';
export { type SingleCallFigures, singleCallFigures } from './single-call.js';
export { fleetMember, fleetOfRun, type LevelEconomics, levelEconomics } from './placement-economics.js';
