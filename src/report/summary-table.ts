import pc from 'picocolors';
import type { LevelResult, RunResults } from '../spec/index.js';
import { fidelityBandSentence } from '../sim/index.js';
import { estimateWarnings, faultSummaries } from './fault-rows.js';
import { formatMs, formatPercent, formatRate, formatUsd } from './format.js';

export interface SummaryTableOptions {
  /** ANSI colour (off when stdout is not a terminal or NO_COLOR is set). */
  color: boolean;
  /** Terminal columns; columns of lower priority are dropped to fit. */
  width: number;
}

interface Column {
  header: string;
  /** Lower numbers survive narrower terminals. */
  priority: number;
  align: 'left' | 'right';
  cell: (level: LevelResult) => string;
}

const COLUMNS: Column[] = [
  { header: 'level', priority: 0, align: 'left', cell: (level) => level.label + (level.partial ? '*' : '') },
  { header: 'tasks', priority: 3, align: 'right', cell: (level) => String(level.tasksCompleted) },
  { header: 'p50', priority: 2, align: 'right', cell: (level) => formatMs(level.e2eMs.p50) },
  { header: 'p95', priority: 0, align: 'right', cell: (level) => formatMs(level.e2eMs.p95) },
  { header: 'p99', priority: 1, align: 'right', cell: (level) => formatMs(level.e2eMs.p99) },
  { header: 'steps/s', priority: 0, align: 'right', cell: (level) => formatRate(level.stepsPerSecond, '') },
  { header: '$/task', priority: 1, align: 'right', cell: (level) => formatUsd(level.costPerTaskUsd.mean) },
  { header: '$/passed', priority: 0, align: 'right', cell: (level) => formatUsd(level.costPerPassedTaskUsd) },
  { header: 'pass', priority: 0, align: 'right', cell: (level) => formatPercent(level.passRate, 0) },
  { header: 'passed p95', priority: 0, align: 'right', cell: (level) => formatMs(level.passedE2eMs.p95) },
  {
    header: 'goodput/s',
    priority: 2,
    align: 'right',
    cell: (level) => formatRate(level.goodputTasksPerSecond, ''),
  },
];

const GAP = '  ';

/**
 * The compact table printed at the end of `agentperf run`: the four numbers
 * per level, aligned, with units, and a SIMULATED label when the simulator
 * produced them. Drops low-priority columns to fit the terminal width.
 */
export function renderSummaryTable(results: RunResults, options: SummaryTableOptions): string {
  const colors = pc.createColors(options.color);
  const rows = results.levels.map((level) => COLUMNS.map((column) => column.cell(level)));
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => row[index]!.length)),
  );
  let shown = COLUMNS.map((_, index) => index);
  for (let priority = 3; priority > 0 && lineWidth(shown, widths) > options.width; priority--) {
    shown = shown.filter((index) => COLUMNS[index]!.priority < priority);
  }
  const pad = (text: string, index: number) =>
    COLUMNS[index]!.align === 'left' ? text.padEnd(widths[index]!) : text.padStart(widths[index]!);
  const lines: string[] = [];
  const title = `${results.suite} on ${results.fabric} · run ${results.runId}${results.status === 'complete' ? '' : ` · ${results.status}`}`;
  lines.push(colors.bold(title));
  if (results.simulated) {
    lines.push(
      colors.yellow(colors.bold('SIMULATED fabric: figures describe the simulator, not a real vendor')),
    );
  }
  lines.push(colors.dim(shown.map((index) => pad(COLUMNS[index]!.header, index)).join(GAP)));
  for (const row of rows) lines.push(shown.map((index) => pad(row[index]!, index)).join(GAP));
  const notes: string[] = ['e2e latency from scheduled start; $ per task and per passed task'];
  if (results.levels.some((level) => level.partial)) notes.push('* level interrupted');
  const lowSample = results.levels
    .filter((level) => level.e2eMs.lowSampleWarnings.length > 0)
    .map((level) => level.label);
  if (lowSample.length > 0) notes.push(`few samples for the tail at ${lowSample.join(', ')}`);
  const harness = results.levels
    .filter((level) => level.harness.warnings.length > 0)
    .map((level) => level.label);
  if (harness.length > 0)
    notes.push(colors.yellow(`harness warnings at ${harness.join(', ')}: see the report`));
  lines.push(colors.dim(notes.join(' · ')));
  // Why tasks failed and what rests on guessed token counts: loud, since either changes what the figures mean.
  for (const summary of faultSummaries(results.levels)) lines.push(colors.red(`errored ${summary}`));
  for (const warning of estimateWarnings(results.levels))
    lines.push(colors.yellow(colors.bold(`ESTIMATED usage at ${warning}`)));
  // The simulator's validated error, under the table so the banner and the rows stay as they were.
  if (results.simulated) lines.push(colors.yellow(fidelityBandSentence()));
  return `${lines.join('\n')}\n`;
}

function lineWidth(shown: number[], widths: number[]): number {
  return shown.reduce((sum, index) => sum + widths[index]!, 0) + GAP.length * Math.max(0, shown.length - 1);
}
