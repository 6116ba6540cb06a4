import { readFileSync } from 'node:fs';

/**
 * The simulator's validated error: the median absolute error of its
 * validation-only fidelity points, per metric, as `bench/sim-fidelity.ts
 * --write-band` last wrote it to `fidelity-band.json` (docs/simulator.md,
 * Fidelity). Reports quote it beside the simulated banner.
 */
export interface FidelityBand {
  runs: number;
  validationPoints: number;
  sources: number;
  medianAbsErrorPct: { ttft?: number; tpot?: number; throughput?: number };
  pointsPerMetric: { ttft: number; tpot: number; throughput: number };
}

let cached: FidelityBand | null | undefined;

/** The band from the generated file, or undefined when it is missing or malformed (then no band is claimed). */
export function fidelityBand(): FidelityBand | undefined {
  if (cached === undefined) {
    try {
      const parsed = JSON.parse(
        readFileSync(new URL('./fidelity-band.json', import.meta.url), 'utf8'),
      ) as FidelityBand;
      cached = typeof parsed.validationPoints === 'number' && parsed.medianAbsErrorPct ? parsed : null;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

/** One sentence for a report banner: the validated error (of `band`, by default the generated one), or that none is on record. */
export function fidelityBandSentence(band: FidelityBand | null | undefined = fidelityBand()): string {
  if (!band) return 'No validated error band is on record for this build of the simulator.';
  const part = (name: string, value: number | undefined, points: number) =>
    value === undefined ? undefined : `±${value.toFixed(0)} % ${name} (${points} points)`;
  const parts = [
    part('TPOT', band.medianAbsErrorPct.tpot, band.pointsPerMetric.tpot),
    part('TTFT', band.medianAbsErrorPct.ttft, band.pointsPerMetric.ttft),
    part('throughput', band.medianAbsErrorPct.throughput, band.pointsPerMetric.throughput),
  ].filter((text): text is string => text !== undefined);
  return `Simulator validated to ${parts.join(', ')} median error on ${band.validationPoints} published measurements from ${band.sources} sources (docs/simulator.md, Fidelity).`;
}
