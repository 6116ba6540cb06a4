import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from './spec/index.js';

/** The production clock: performance.now() is monotonic and sub-millisecond. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal === undefined ? undefined : { signal }),
};
