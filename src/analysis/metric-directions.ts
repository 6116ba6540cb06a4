import type { StatisticName } from './sample-statistics.js';

/** How a compared metric is read: its label, unit and which direction is an improvement. */
export interface MetricDefinition {
  name: StatisticName;
  label: string;
  unit: 'ms' | 'usd' | 'fraction' | 'per-second';
  lowerIsBetter: boolean;
}

/** The metrics compare and history report, in display order. */
export const COMPARED_METRICS: readonly MetricDefinition[] = [
  { name: 'e2eP50', label: 'e2e p50', unit: 'ms', lowerIsBetter: true },
  { name: 'e2eP95', label: 'e2e p95', unit: 'ms', lowerIsBetter: true },
  { name: 'e2eP99', label: 'e2e p99', unit: 'ms', lowerIsBetter: true },
  { name: 'passedE2eP95', label: 'passed-only p95', unit: 'ms', lowerIsBetter: true },
  { name: 'passRate', label: 'pass rate', unit: 'fraction', lowerIsBetter: false },
  { name: 'stepsPerSecond', label: 'steps/s', unit: 'per-second', lowerIsBetter: false },
  { name: 'goodputTasksPerSecond', label: 'goodput', unit: 'per-second', lowerIsBetter: false },
  { name: 'costPerTaskUsd', label: 'cost/task', unit: 'usd', lowerIsBetter: true },
  { name: 'costPerPassedTaskUsd', label: 'cost/passed task', unit: 'usd', lowerIsBetter: true },
];
