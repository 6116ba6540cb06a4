import type { Clock } from '../../../src/spec/index.js';

/**
 * A clock for exact tests: now() returns what the test set (or steps by a
 * fixed amount per read), sleep() records the wait and resolves at once.
 */
export class TestClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  private readonly step: number;

  constructor(step = 0) {
    this.step = step;
  }

  now(): number {
    const value = this.time;
    this.time += this.step;
    return value;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
  }
}

/** An async iterable of byte chunks that advances a clock before each one, like a network read. */
export async function* chunksAt(
  clock: TestClock,
  chunks: ReadonlyArray<[number, string]>,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const [atMs, text] of chunks) {
    clock.time = atMs;
    yield encoder.encode(text);
  }
}
