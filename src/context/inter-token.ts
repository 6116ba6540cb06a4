/**
 * [count, p50, p95, max] of a response's inter-token gaps. Summarised on
 * the span so spans.jsonl stays one short line per step.
 */
export function summarizeGaps(gaps: number[]): [number, number, number, number] | null {
  const count = gaps.length;
  if (count === 0) return null;
  const sorted = Float64Array.from(gaps).sort();
  const at = (q: number): number => {
    const position = (count - 1) * q;
    const low = Math.floor(position);
    const high = Math.min(low + 1, count - 1);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
  };
  return [count, round3(at(0.5)), round3(at(0.95)), round3(sorted[count - 1]!)];
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
