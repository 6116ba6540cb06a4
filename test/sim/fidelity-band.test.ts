import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIMULATED_NOTICE } from '../../src/report/index.js';
import { type FidelityBand, fidelityBand, fidelityBandSentence } from '../../src/sim/index.js';

const onFile = JSON.parse(
  readFileSync(new URL('../../src/sim/fidelity-band.json', import.meta.url), 'utf8'),
) as FidelityBand;

describe('validated error band', () => {
  it('states each metric of the band with the points behind it', () => {
    const band: FidelityBand = {
      runs: 3,
      validationPoints: 12,
      sources: 3,
      medianAbsErrorPct: { ttft: 11.4, tpot: 6.6, throughput: 4.2 },
      pointsPerMetric: { ttft: 9, tpot: 12, throughput: 8 },
    };
    expect(fidelityBandSentence(band)).toBe(
      'Simulator validated to ±7 % TPOT (12 points), ±11 % TTFT (9 points), ±4 % throughput (8 points) median error on 12 published measurements from 3 sources (docs/simulator.md, Fidelity).',
    );
    expect(fidelityBandSentence(null)).toMatch(/^No validated error band/);
  });

  it('the report banner quotes the band the fidelity bench wrote, not a constant', () => {
    expect(fidelityBand()).toEqual(onFile);
    expect(SIMULATED_NOTICE).toContain(`±${onFile.medianAbsErrorPct.tpot!.toFixed(0)} % TPOT`);
    expect(SIMULATED_NOTICE).toContain(`on ${onFile.validationPoints} published measurements`);
  });
});
