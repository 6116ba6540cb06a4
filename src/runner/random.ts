/**
 * Seeded randomness for case order and arrival times. A tiny PRNG suffices:
 * the draws must be reproducible from --seed, not cryptographic.
 */

/** mulberry32: a fast 32-bit generator with a full period for our needs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a seed and strings (FNV-1a), for per-task/per-case seeds. */
export function deriveSeed(seed: number, ...parts: string[]): number {
  let hash = (2166136261 ^ seed) >>> 0;
  for (const part of parts) {
    for (let index = 0; index < part.length; index++) {
      hash ^= part.charCodeAt(index);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    hash ^= 0xff;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash >>> 0;
}

/** Fisher–Yates shuffle of 0..n-1 with a seeded generator. */
export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, index) => index);
  for (let index = n - 1; index > 0; index--) {
    const pick = Math.floor(random() * (index + 1));
    const swap = order[index]!;
    order[index] = order[pick]!;
    order[pick] = swap;
  }
  return order;
}
