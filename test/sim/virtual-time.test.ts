import { describe, expect, it } from 'vitest';
import {
  createDeployment,
  type EngineClock,
  liveClock,
  loadSimFabric,
  VirtualClock,
} from '../../src/sim/index.js';
import type { ChatDeployment } from '../../src/sim/index.js';

/** A fixed schedule: request i arrives at 15·i ms with a prompt and an output of its own. */
const SCHEDULE = Array.from({ length: 10 }, (_, index) => ({
  atMs: index * 20,
  promptTokens: 300 + 97 * index,
  outputTokens: 60 + 10 * (index % 4),
}));

/** Runs the schedule against the 8B deployment of the bundled GPU pool on `clock`; returns each request's [first token, finish] relative to the start. */
function runSchedule(clock: EngineClock, drive: () => Promise<void>): Promise<Array<[number, number]>> {
  const config = loadSimFabric('builtin:gpu-pool').deployments.find(
    (deployment) => deployment.name === 'llama-3.1-8b',
  )!;
  const deployment = createDeployment(
    { ...config, serving: { ...config.serving, jitter: 0 } },
    { seed: 7, clock },
  ) as ChatDeployment;
  const start = clock.now();
  const times: Array<[number, number]> = SCHEDULE.map(() => [Number.NaN, Number.NaN]);
  let finished = 0;
  return new Promise((resolve) => {
    SCHEDULE.forEach((request, index) => {
      clock.setTimer(() => {
        deployment.submit({
          promptTokens: request.promptTokens,
          promptBoundaries: [],
          completionBoundaries: [],
          outputTokens: request.outputTokens,
          onToken(tokenIndex) {
            if (tokenIndex === 0) times[index]![0] = clock.now() - start;
          },
          onFinish() {
            times[index]![1] = clock.now() - start;
            if (++finished === SCHEDULE.length) {
              deployment.stop();
              resolve(times);
            }
          },
        });
      }, request.atMs);
    });
    void drive();
  });
}

describe('the engine on virtual time', () => {
  it('agrees with the live engine on a fixed schedule, without waiting', async () => {
    const virtual = new VirtualClock();
    const predicted = runSchedule(virtual, async () => {
      virtual.run();
    });
    const virtualTimes = await predicted;
    const live = await runSchedule(liveClock, async () => undefined);
    const lastVirtual = Math.max(...virtualTimes.map(([, end]) => end));
    // Virtual time ran the whole schedule (hundreds of ms of serving) in one synchronous pass.
    expect(lastVirtual).toBeGreaterThan(400);
    expect(virtual.pending).toBe(0);
    // Live timers fire late on a busy machine (and resynchronise past 20 ms); the physics must be the same.
    const errors = live.map(
      ([, end], index) => Math.abs(end - virtualTimes[index]![1]) / virtualTimes[index]![1],
    );
    const sorted = [...errors].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(0.15);
    // Virtual time is exact: the same schedule gives the same times to the last bit.
    const again = new VirtualClock();
    const repeated = runSchedule(again, async () => {
      again.run();
    });
    expect(await repeated).toEqual(virtualTimes);
  });

  it('fires timers in time order, same-instant timers in the order they were set, and skips cleared ones', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b@10'), 10);
    clock.setTimer(() => fired.push('a@5'), 5);
    const cleared = clock.setTimer(() => fired.push('never'), 7);
    clock.setTimer(() => {
      fired.push('c@10');
      clock.setTimer(() => fired.push(`d@${clock.now()}`), 0);
    }, 10);
    clock.clearTimer(cleared);
    expect(clock.run()).toBe(4);
    expect(fired).toEqual(['a@5', 'b@10', 'c@10', 'd@10']);
    expect(clock.now()).toBe(10);
  });
});
