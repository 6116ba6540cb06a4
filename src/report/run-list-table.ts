import type { RunListingEntry } from '../analysis/index.js';
import { formatMs } from './format.js';

/**
 * The runs of a store as an aligned plain-text table (id, suite, fabric,
 * status, date, e2e p95 per level), for `agentperf runs` on a terminal.
 */
export function renderRunList(entries: RunListingEntry[]): string {
  if (entries.length === 0) return 'no runs match\n';
  const header = ['run id', 'suite', 'fabric', 'status', 'started', 'e2e p95 per level'];
  const rows = entries.map((entry) => [
    entry.runId,
    entry.suite,
    entry.fabric + (entry.simulated ? ' (simulated)' : ''),
    entry.status,
    entry.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'),
    entry.levels.length === 0
      ? '—'
      : entry.levels.map((level) => `${level.label} ${formatMs(level.e2eP95Ms)}`).join(' · '),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
