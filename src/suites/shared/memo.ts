import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';

/**
 * Caches one value per seed: generated datasets are built once per process
 * and shared by cases(), prepare() and setup(), which all see the run seed.
 */
export function memoBySeed<T>(build: (seed: number) => T): (seed: number) => T {
  const built = new Map<number, T>();
  return (seed: number) => {
    let value = built.get(seed);
    if (value === undefined) {
      value = build(seed);
      built.set(seed, value);
    }
    return value;
  };
}

/** How a value crosses to worker threads: to something structured clone can copy, and back. */
export interface ThreadWire<T, W> {
  encode(value: T): W;
  decode(wire: W): T;
}

/**
 * memoBySeed, and a value built on the main thread is handed to the worker
 * threads started after it (`run --workers N` loads the suite in each agent
 * thread), so each thread decodes a copy instead of building it again. The
 * copy travels as worker_threads environment data, cloned into each new
 * worker: keep what is shared this way to what is costly to build.
 */
export function memoAcrossThreads<T, W>(
  key: string,
  build: (seed: number) => T,
  wire: ThreadWire<T, W>,
): (seed: number) => T {
  return memoBySeed((seed) => {
    const name = `agentperf:${key}:${seed}`;
    const handed = getEnvironmentData(name) as W | undefined;
    if (handed !== undefined) return wire.decode(handed);
    const value = build(seed);
    if (isMainThread)
      setEnvironmentData(name, wire.encode(value) as Parameters<typeof setEnvironmentData>[1]);
    return value;
  });
}
