import type { HistoryAnalysis, MetricSeries } from '../../analysis/index.js';
import { escapeHtml } from '../escape.js';
import { formatInUnit, formatPercent } from '../format.js';
import { firstMoverSentence } from '../history-markdown.js';
import { HISTORY_SCRIPT } from './history-script.js';
import { renderPage } from './page-shell.js';

/** Series drawn at most: every series with a change, then end-to-end p95 per level. */
const MAX_CHARTS = 40;

/** history.html: the suite's metrics over time with change points marked, self-contained like the run report. */
export function renderHistoryHtml(analysis: HistoryAnalysis): string {
  const changed = new Map<MetricSeries, number[]>();
  for (const move of analysis.moves) {
    const list = changed.get(move.series) ?? [];
    list.push(move.runIndex);
    changed.set(move.series, list);
  }
  const shown = [
    ...changed.keys(),
    ...analysis.series.filter((series) => !changed.has(series) && series.key.startsWith('e2e p95')),
  ].slice(0, MAX_CHARTS);
  const simulated = analysis.runs.some((run) => run.simulated);
  const badge = simulated ? '<span class="sim-badge">SIMULATED</span>' : '';
  const rows = analysis.moves.map(
    (move) =>
      `<tr><td class="text">${escapeHtml(move.runId)}</td><td>${escapeHtml(move.startedAt.slice(0, 10))}</td>` +
      `<td class="text">${escapeHtml(move.series.key)}</td><td>${formatInUnit(move.before, move.series.unit)} → ` +
      `${formatInUnit(move.after, move.series.unit)}</td><td>${formatPercent(move.relativeChange)}</td>` +
      `<td class="${move.direction === 'worse' ? 'fail' : 'pass'}">${move.direction}</td><td>${move.pValue.toFixed(3)}</td></tr>`,
  );
  const body = [
    `<h1>agentperf history: ${escapeHtml(analysis.suite)}${badge}</h1>`,
    simulated
      ? '<div class="banner" role="alert">⚠ SIMULATED: some runs in this history used the simulated fabric.</div>'
      : '',
    `<p><strong>${escapeHtml(firstMoverSentence(analysis))}</strong></p>`,
    '<h2>Detected changes</h2>',
    rows.length === 0
      ? '<p class="note">No significant change points.</p>'
      : '<div class="scroll"><table><thead><tr><th class="text">run</th><th>date</th><th class="text">metric</th>' +
        `<th>before → after</th><th>change</th><th>direction</th><th>p</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
    '<h2>Series</h2><p class="note">Dashed red lines mark change points (E-divisive means, permutation test).</p><div class="grid">',
    ...shown.map(
      (series, index) =>
        `<div class="card"><h3>${escapeHtml(series.key)}${badge}</h3><div class="chart" id="chart-series-${index}"></div></div>`,
    ),
    '</div>',
  ].join('\n');
  return renderPage({
    title: `agentperf history ${analysis.suite}`,
    bodyHtml: body,
    data: {
      runs: analysis.runs.map((run) => ({ runId: run.runId, date: run.startedAt.slice(0, 10) })),
      series: shown.map((series) => ({
        key: series.key,
        unit: series.unit,
        values: series.values,
        changes: changed.get(series) ?? [],
      })),
    },
    script: HISTORY_SCRIPT,
  });
}
