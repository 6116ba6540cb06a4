/**
 * Samples a percentile needs before it is stable enough to compare runs by:
 * with fewer, one or two outliers decide it (p99 of 100 samples is the
 * second-largest value).
 */
export const SAMPLES_NEEDED = { p95: 200, p99: 1000 } as const;

/** Human sentences for the percentiles printed from too few samples, e.g. "p99 from 120 samples: needs ~1,000 to be stable". */
export function lowSampleWarnings(sampleCount: number): string[] {
  if (sampleCount === 0) return [];
  const warnings: string[] = [];
  for (const [name, needed] of Object.entries(SAMPLES_NEEDED)) {
    if (sampleCount < needed) {
      const samples = sampleCount === 1 ? '1 sample' : `${sampleCount.toLocaleString('en-US')} samples`;
      warnings.push(`${name} from ${samples}: needs ~${needed.toLocaleString('en-US')} to be stable`);
    }
  }
  return warnings;
}
