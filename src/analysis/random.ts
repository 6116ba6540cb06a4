/**
 * A small seeded pseudo-random generator (mulberry32). Analysis must be
 * reproducible: the same inputs and seed give the same confidence intervals
 * and the same change points, run after run.
 */
export type Random = () => number;

/** Returns a function yielding uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles the array in place (Fisher–Yates) with the given generator. */
export function shuffleInPlace<T>(values: T[], random: Random): T[] {
  for (let index = values.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const held = values[index]!;
    values[index] = values[other]!;
    values[other] = held;
  }
  return values;
}
