import { describe, expect, it } from 'vitest';
import { fleetOfRun, levelEconomics } from '../../src/analysis/index.js';
import type { FleetMember, LevelResult, RunResults } from '../../src/spec/index.js';

const level = { label: 'c4', wallS: 36, tasksCompleted: 10, tasksPassed: 8 } as LevelResult;

describe('placement economics', () => {
  it('charges the whole fleet over the measured window to the tasks completed in it', () => {
    const fleet: FleetMember[] = [
      {
        name: 'a',
        replicas: 2,
        costPerHourUsd: 3,
        costSource: 'x',
        powerWatts: 700,
        powerSource: 'y',
        simulated: true,
      },
      {
        name: 'b',
        replicas: 1,
        costPerHourUsd: 4,
        costSource: 'x',
        powerWatts: 500,
        powerSource: 'y',
        simulated: true,
      },
    ];
    const economics = levelEconomics(level, fleet);
    // $10/h and 1,900 W for 0.01 h.
    expect(economics.fleetCostPerHourUsd).toBe(10);
    expect(economics.hardwareCostPerTaskUsd).toBeCloseTo(0.01, 12);
    expect(economics.hardwareCostPerPassedTaskUsd).toBeCloseTo(0.0125, 12);
    expect(economics.energyPerTaskWh).toBeCloseTo(1.9, 12);
    expect(economics.tasksPerKWh).toBeCloseTo(1000 / 1.9, 9);
    expect(economics.missing).toEqual([]);
  });

  it('says unknown, never zero, when a member has no figure', () => {
    const fleet: FleetMember[] = [
      {
        name: 'a',
        replicas: 1,
        costPerHourUsd: null,
        costSource: null,
        powerWatts: 72,
        powerSource: 'y',
        simulated: true,
      },
    ];
    const economics = levelEconomics(level, fleet);
    expect(economics.hardwareCostPerTaskUsd).toBeNull();
    expect(economics.energyPerTaskWh).toBeCloseTo((72 * 0.01) / 10, 12);
    expect(economics.missing).toEqual(['a']);
  });

  it('reads the fleet of a run from its saved configuration: simulator replicas × devices, and real endpoints as declared', () => {
    const results = {
      config: {
        fabric: {
          endpoints: {
            sim: { type: 'simulator', fabric: 'builtin:gpu-pool' },
            vendor: { type: 'openai', hardware: { replicas: 3, costPerHourUsd: 2.5, powerWatts: 900 } },
          },
          roles: {
            planner: { endpoint: 'sim', model: 'llama-3.1-70b' },
            worker: { endpoint: 'sim', model: 'llama-3.1-8b' },
            judge: { endpoint: 'vendor', model: 'x' },
          },
        },
      },
    } as unknown as RunResults;
    const fleet = fleetOfRun(results);
    const byName = Object.fromEntries(fleet.map((member) => [member.name, member]));
    // The bundled GPU pool: the 70B at tensor parallel 4 (four H100s a replica), the 8B on two replicas of one.
    expect(byName['llama-3.1-70b']).toMatchObject({ replicas: 1, costPerHourUsd: 12, powerWatts: 2800 });
    expect(byName['llama-3.1-8b']).toMatchObject({ replicas: 2, costPerHourUsd: 3, powerWatts: 700 });
    expect(byName['llama-3.1-70b']!.powerSource).toContain('700 W');
    expect(byName.vendor).toMatchObject({
      replicas: 3,
      costPerHourUsd: 2.5,
      powerWatts: 900,
      simulated: false,
    });
  });
});
