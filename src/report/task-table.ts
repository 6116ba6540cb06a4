import pc from 'picocolors';
import type { RunResults } from '../spec/index.js';
import { formatMs, formatPercent, formatUsd } from './format.js';

/**
 * The four numbers per task, one row per task and a column group per
 * level (p95, pass rate, steps/s, $/passed), for the end of `agentperf run`.
 * Levels that do not fit the terminal width are dropped from the right.
 */
export function renderTaskTable(results: RunResults, options: { color: boolean; width: number }): string {
  const tasks = [...new Set(results.levels.flatMap((level) => Object.keys(level.byTask)))].sort();
  if (tasks.length === 0) return '';
  const header = ['task'];
  const rows = tasks.map((task) => [task]);
  const groupWidth = 42;
  const fitting = Math.max(1, Math.floor((options.width - 14) / groupWidth));
  for (const level of results.levels.slice(0, fitting)) {
    header.push(`p95 ${level.label}`, 'pass', 'steps/s', '$/passed');
    tasks.forEach((task, index) => {
      const block = level.byTask[task];
      rows[index]!.push(
        formatMs(block?.e2eMs.p95 ?? null),
        formatPercent(block?.passRate ?? null, 0),
        block === undefined ? '—' : block.stepsPerSecond.toFixed(1),
        formatUsd(block?.costPerPassedTaskUsd ?? null),
      );
    });
  }
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  const title = line(header);
  const dropped = results.levels.length - Math.min(fitting, results.levels.length);
  const note =
    dropped > 0
      ? `\n(${dropped} more level${dropped > 1 ? 's' : ''} in the report: widen the terminal to see them here)`
      : '';
  return `${pc.createColors(options.color).bold(title)}\n${rows.map(line).join('\n')}${note}`;
}
