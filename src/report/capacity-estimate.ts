import { describeThresholdEstimate, parseThreshold } from '../metrics/index.js';

/** "p95 9.1s [8.6s, 9.7s]" for an SLO result from capacity.json, in the unit the SLO was written in. */
export function describeEstimateText(
  expression: string,
  slo: { estimate: number | null; interval: [number, number] | null },
): string {
  return describeThresholdEstimate(parseThreshold(expression), slo);
}
