/**
 * Converts between OpenTelemetry's epoch nanoseconds and the harness clock
 * (performance.now() scale). Both sides of a conversion use this process's
 * performance.timeOrigin; spans from another process are only as aligned as
 * the two processes' wall clocks.
 */

/** Epoch nanoseconds to a harness clock reading, ms. Microsecond precision. */
export function epochNanosToHarnessMs(epochNanos: bigint, timeOrigin = performance.timeOrigin): number {
  // Dividing in bigint first keeps the value exact in a double (µs since 1970 < 2^53).
  return Number(epochNanos / 1000n) / 1000 - timeOrigin;
}

/** Epoch milliseconds (fractional) to epoch nanoseconds, exact to the nanosecond the double allows. */
export function epochMsToNanos(epochMs: number): bigint {
  const whole = Math.floor(epochMs);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((epochMs - whole) * 1e6));
}
