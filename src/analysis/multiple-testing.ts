/**
 * Corrections for testing many metrics at once. Holm controls the chance of
 * any false verdict (compare: one wrong "worse" fails CI); Benjamini–Hochberg
 * controls the expected share of false discoveries among those reported
 * (history: tens of series, where a few true moves should not be drowned).
 * Both return adjusted p-values in the input's order; null entries stay null
 * and do not count towards the number of tests.
 */

/** Holm's step-down adjusted p-values. */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = testedOrder(pValues);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, pValues[index]! * (order.length - rank)));
    adjusted[index] = running;
  });
  return adjusted;
}

/** Benjamini–Hochberg step-up adjusted p-values (q-values). */
export function benjaminiHochbergAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = testedOrder(pValues);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = order.length - 1; rank >= 0; rank--) {
    const index = order[rank]!;
    running = Math.min(running, (pValues[index]! * order.length) / (rank + 1));
    adjusted[index] = running;
  }
  return adjusted;
}

/** Indices of the non-null p-values, smallest first. */
function testedOrder(pValues: readonly (number | null)[]): number[] {
  return pValues
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null)
    .sort((left, right) => left.value - right.value)
    .map((entry) => entry.index);
}
