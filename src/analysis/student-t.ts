import jStat from 'jstat';

/** The two-sided (1 − confidence) critical value of Student's t with `degreesOfFreedom`. */
export function tCritical(confidence: number, degreesOfFreedom: number): number {
  return jStat.studentt.inv(1 - (1 - confidence) / 2, degreesOfFreedom);
}

/** Two-sided p-value of a t statistic. */
export function tTwoSidedPValue(statistic: number, degreesOfFreedom: number): number {
  if (!Number.isFinite(statistic)) return Number.isNaN(statistic) ? 1 : 0;
  return Math.min(1, 2 * (1 - jStat.studentt.cdf(Math.abs(statistic), degreesOfFreedom)));
}
