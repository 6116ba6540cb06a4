import { fleetOfRun, levelEconomics } from '../analysis/index.js';
import type { RunResults } from '../spec/index.js';
import { escapeHtml, escapeMarkdown } from './escape.js';
import { formatMs, formatUsd } from './format.js';
import { renderPage } from './html/page-shell.js';

/** One placement at one level: latency, token-priced cost, hardware cost and energy per task. */
export interface PlacementRow {
  fabric: string;
  level: string;
  /** How the figures were obtained: measured (a run), predicted (a what-if), and whether the serving was simulated. */
  source: string;
  e2eP95Ms: number | null;
  tokenCostPerTaskUsd: number | null;
  hardwareCostPerTaskUsd: number | null;
  energyPerTaskWh: number | null;
  tasksPerKWh: number | null;
}

const HEADERS = [
  'fabric',
  'level',
  'source',
  'e2e p95',
  'token $/task',
  'hardware $/task',
  'energy Wh/task',
  'tasks/kWh',
];

/** Rows for each run's levels, in the order given. */
export function placementRows(runs: readonly RunResults[]): PlacementRow[] {
  const rows: PlacementRow[] = [];
  for (const results of runs) {
    const fleet = fleetOfRun(results);
    const source = `${results.predicted ? 'predicted' : 'measured'}${results.simulated ? ', simulated' : ''}`;
    for (const level of results.levels) {
      const economics = levelEconomics(level, fleet);
      rows.push({
        fabric: results.fabric,
        level: level.label,
        source,
        e2eP95Ms: level.e2eMs.p95,
        tokenCostPerTaskUsd: level.costPerTaskUsd.mean,
        hardwareCostPerTaskUsd: economics.hardwareCostPerTaskUsd,
        energyPerTaskWh: economics.energyPerTaskWh,
        tasksPerKWh: economics.tasksPerKWh,
      });
    }
  }
  return rows;
}

function cells(row: PlacementRow): string[] {
  return [
    row.fabric,
    row.level,
    row.source,
    formatMs(row.e2eP95Ms),
    formatUsd(row.tokenCostPerTaskUsd),
    formatUsd(row.hardwareCostPerTaskUsd),
    row.energyPerTaskWh === null ? '—' : row.energyPerTaskWh.toPrecision(3),
    row.tasksPerKWh === null ? '—' : row.tasksPerKWh.toPrecision(3),
  ];
}

/** Where the figures come from, said once under every table. */
export const ECONOMICS_NOTE =
  "Hardware $/task: the fleet's hourly rent over the measured window, divided by the tasks completed (idle capacity is paid for too). " +
  'Energy: the fleet at its published maximum power (TDP) over the window, an upper bound. ' +
  'Figures come from the hardware profiles (docs/simulator.md cites them) or from the fabric or suite file; — where none is known.';

export function placementMarkdown(rows: readonly PlacementRow[]): string[] {
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row).map(escapeMarkdown).join(' | ')} |`),
    '',
    `_${ECONOMICS_NOTE}_`,
  ];
}

export function placementHtml(rows: readonly PlacementRow[]): string {
  const head = HEADERS.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${cells(row)
          .map((cell) => `<td>${escapeHtml(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div><p class="meta">${escapeHtml(ECONOMICS_NOTE)}</p>`;
}

/** placements.md and placements.html: several runs or predictions side by side. */
export function renderPlacements(runs: readonly RunResults[]): { markdown: string; html: string } {
  const rows = placementRows(runs);
  const title = `Placements side by side: ${runs[0]?.suite ?? ''}`;
  const simulated = runs.some((results) => results.simulated);
  const predicted = runs.some((results) => results.predicted);
  const notices = [
    ...(simulated
      ? ['SIMULATED: rows marked simulated describe the built-in simulated fabric, not a vendor.']
      : []),
    ...(predicted
      ? ['PREDICTED: rows marked predicted are what-if replays; no task ran on those fabrics.']
      : []),
  ];
  const markdown = [
    `# ${escapeMarkdown(title)}`,
    '',
    ...notices.map((notice) => `> **⚠ ${notice}**\n`),
    ...placementMarkdown(rows),
  ];
  const bodyHtml = [
    `<h1>${escapeHtml(title)}</h1>`,
    ...notices.map((notice) => `<div class="banner" role="alert">⚠ ${escapeHtml(notice)}</div>`),
    placementHtml(rows),
  ].join('\n');
  return {
    markdown: `${markdown.join('\n')}\n`,
    html: renderPage({ title, bodyHtml, data: { rows }, script: 'void 0;' }),
  };
}
