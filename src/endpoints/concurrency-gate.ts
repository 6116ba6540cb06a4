import type { Clock } from '../spec/index.js';

/**
 * A first-come first-served cap on calls in flight to one endpoint. Waiting
 * for a slot is part of the step the user feels, so acquire() returns how
 * long the caller waited.
 */
export class ConcurrencyGate {
  private readonly limit: number;
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Resolves to the wait in ms once a slot is held; rejects when the signal aborts while queued. */
  async acquire(clock: Clock, signal?: AbortSignal): Promise<number> {
    if (this.inFlight < this.limit && this.waiters.length === 0) {
      this.inFlight += 1;
      return 0;
    }
    const queuedAt = clock.now();
    await new Promise<void>((resolve, reject) => {
      const admit = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const position = this.waiters.indexOf(admit);
        if (position >= 0) this.waiters.splice(position, 1);
        reject(signal?.reason);
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(admit);
    });
    return clock.now() - queuedAt;
  }

  /** Hands the slot to the next waiter, or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next !== undefined) {
      next();
      return;
    }
    this.inFlight -= 1;
  }
}
