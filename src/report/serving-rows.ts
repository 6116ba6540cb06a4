import type { LevelResult } from '../spec/index.js';
import { formatMs, formatRate } from './format.js';

/** Column headings of the serving figures, shared by the terminal, Markdown and HTML reports. */
export const SERVING_HEADER = [
  'level',
  'role',
  'calls',
  'TTFT p50',
  'TTFT p95',
  'TTFT p99',
  'TPOT p50',
  'TPOT p95',
  'TPOT p99',
  'ITL mean',
  'output tok/s',
] as const;

/** How the serving figures are defined, in one sentence under each table. */
export const SERVING_NOTE =
  'TTFT: request to first token; TPOT: (latency − TTFT) / (output tokens − 1) per call; ITL: mean gap between streamed chunks over all calls; output tok/s over the level window (definitions of vLLM bench serve; see docs/metrics.md).';

/** One row per chat role and level, every cell already formatted with its unit. */
export function servingRows(levels: readonly LevelResult[]): string[][] {
  const rows: string[][] = [];
  for (const level of levels) {
    for (const [role, figures] of Object.entries(level.servingByRole ?? {})) {
      rows.push([
        level.label,
        role,
        figures.streamed === figures.requests
          ? String(figures.requests)
          : `${figures.requests} (${figures.streamed} streamed)`,
        formatMs(figures.ttftMs?.p50),
        formatMs(figures.ttftMs?.p95),
        formatMs(figures.ttftMs?.p99),
        formatMs(figures.tpotMs?.p50),
        formatMs(figures.tpotMs?.p95),
        formatMs(figures.tpotMs?.p99),
        formatMs(figures.itlMeanMs),
        formatRate(figures.outputTokensPerS, ''),
      ]);
    }
  }
  return rows;
}

/**
 * The serving figures as an aligned plain-text table for the end of
 * `agentperf run`; columns of TTFT/TPOT p99 go first when the terminal is
 * narrow. Empty when no level had a chat call.
 */
export function renderServingTable(levels: readonly LevelResult[], options: { width: number }): string {
  const rows = servingRows(levels);
  if (rows.length === 0) return '';
  const droppable = [8, 5, 7]; // TPOT p99, TTFT p99, TPOT p95
  let shown: number[] = SERVING_HEADER.map((_, index) => index);
  const widths = SERVING_HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const lineWidth = () => shown.reduce((sum, column) => sum + widths[column]! + 2, 0);
  for (const column of droppable)
    if (lineWidth() > options.width) shown = shown.filter((index) => index !== column);
  const line = (cells: readonly string[]): string =>
    shown
      .map((column) =>
        column < 2 ? cells[column]!.padEnd(widths[column]!) : cells[column]!.padStart(widths[column]!),
      )
      .join('  ');
  return [line(SERVING_HEADER), ...rows.map(line)].join('\n');
}
