import { performance } from 'node:perf_hooks';

/** A pending timer of an EngineClock; only the clock that made it can clear it. */
export type TimerHandle = { readonly __timer: unique symbol } | NodeJS.Timeout;

/**
 * Where the serving engine reads the time and waits. The engine code
 * (replicas, API server, batch replicas) only ever talks to this, so the
 * same physics runs live behind HTTP on the wall clock (`liveClock`) or as
 * a discrete-event simulation on virtual time (`VirtualClock`), with no
 * waiting at all.
 */
export interface EngineClock {
  /** Milliseconds on this clock's timeline. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now (0 or less: as soon as possible, after the current work). */
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The wall clock: performance.now and Node's timers. */
export const liveClock: EngineClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs)),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
