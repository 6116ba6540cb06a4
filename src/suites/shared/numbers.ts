/** Every number written in a text, thousands separators and currency signs ignored. */
export function numbersIn(text: string): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(/-?\d[\d,]*(?:\.\d+)?/g)) {
    const value = Number(match[0].replaceAll(',', ''));
    if (Number.isFinite(value)) found.push(value);
  }
  return found;
}

/** True when `actual` equals `expected` within an absolute or a relative tolerance. */
export function closeTo(
  actual: number,
  expected: number,
  tolerance: { absolute?: number; relative?: number },
): boolean {
  const difference = Math.abs(actual - expected);
  if (difference <= (tolerance.absolute ?? 0)) return true;
  return difference <= Math.abs(expected) * (tolerance.relative ?? 0);
}

/** Cents as the dollar amount a person writes: 1234 → "12.34". */
export function dollars(cents: number): string {
  return (cents / 100).toFixed(2);
}
