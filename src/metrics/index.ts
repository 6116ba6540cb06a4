/** Metrics: pure functions over task and span records that compute every number in results.json. */
export { quantile, lerp, sortedCopy } from './quantile.js';
export { quantileRankInterval } from './quantile-interval.js';
export { lowSampleWarnings, SAMPLES_NEEDED } from './low-sample-warnings.js';
export { LatencyHistogram, mergeEncodedHistograms } from './latency-histogram.js';
export {
  summarizeColumn,
  summarizeLatency,
  summarizeHistogram,
  DEFAULT_HISTOGRAM_ABOVE,
  type SummarizeOptions,
} from './latency-summary.js';
export {
  criticalPathSegments,
  type CriticalPathSegment,
  type TaskTiming,
} from './critical-path-segments.js';
export { criticalPath, sumByKind, type CriticalPathByKind } from './critical-path.js';
export { criticalPathDetail, type CriticalPathDetail } from './critical-path-detail.js';
export {
  measuredTasks,
  measuredWindow,
  spansOfTasks,
  windowSeconds,
  perSecond,
  type MeasuredWindow,
} from './measured-window.js';
export { isPassed } from './task-outcome.js';
export { stepsPerSecond, stepsPerSecondOfEnds } from './steps-per-second.js';
export { SpanCollector, SpanDigest } from './span-digest.js';
export { NumberColumn } from './number-column.js';
export { EXACT_SAMPLES, SampleColumn } from './sample-column.js';
export { summarizeCost, costPerPassedTask } from './cost-summary.js';
export { computeMetricBlock, metricBlockOf, metricBlockOfFold } from './metric-block.js';
export { TaskDigest, TaskFold } from './task-digest.js';
export { stepKindsOf, summarizeStepKinds } from './step-kinds.js';
export { summarizeTools, ToolFold } from './tool-summary.js';
export { networkMsOf, networkOverlapMs, isToolCallSpan } from './network-share.js';
export { formatLevelLabel, parseLevelLabel, type LevelShape } from './level-label.js';
export { computeLevelResult, splitByLevel, type LevelInput } from './level-result.js';
export {
  parseThreshold,
  parseLevelSelector,
  formatThresholdValue,
  describeThresholdEstimate,
  THRESHOLD_METRICS,
  LATENCY_UNITS,
  type Threshold,
  type ThresholdMetric,
  type ThresholdStatistic,
} from './thresholds.js';
export { evaluateThresholds, levelMatches } from './evaluate-thresholds.js';
export { binomialCdf, binomialUpperTail } from './binomial-tail.js';
export { normalQuantile } from './normal-quantile.js';
export { LookSchedule } from './sequential-looks.js';
export {
  evaluateSlo,
  proportionVerdict,
  type SloBasis,
  type SloEvaluation,
  type SloJudgement,
  type SloVerdict,
} from './slo-verdict.js';
export { parseUntilRule, untilState, type UntilRule, type UntilState } from './until-rule.js';
export { ServingFold, servingFiguresByRole } from './serving-figures.js';
export { resultsFromRecords, type UnfinishedRun } from './partial-results.js';
