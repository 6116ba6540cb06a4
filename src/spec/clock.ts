/**
 * Time as the harness reads it. Injected everywhere a duration is measured
 * so tests can be exact; production uses performance.now().
 */
export interface Clock {
  /** Monotonic milliseconds (fractional). */
  now(): number;
  /** Resolves after ms; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
