import { LATENCY_UNITS, THRESHOLD_METRICS, parseThreshold, type Threshold } from '../../metrics/index.js';
import type { CapacityEntry, CapacityFile } from '../../spec/index.js';
import { atCapacityLine, capacityProbeRows } from '../capacity-rows.js';
import { escapeHtml } from '../escape.js';
import { SIMULATED_NOTICE } from '../markdown.js';
import { CAPACITY_SCRIPT } from './capacity-script.js';
import { renderPage } from './page-shell.js';

/** report.html of a capacity search: the answer, a chart per SLO metric against load, and every probe. */
export function renderCapacityHtml(file: CapacityFile): string {
  const simulated = file.fabrics.some((entry) => entry.simulated);
  const badge = simulated ? '<span class="sim-badge">SIMULATED</span>' : '';
  const charts: ChartData[] = [];
  const sections = file.fabrics.map((entry) => {
    const { header, rows } = capacityProbeRows(entry);
    const chartCards = entry.slo.map((expression, index) => {
      charts.push(chartOf(entry, parseThreshold(expression), index));
      return `<div class="card"><h3>${escapeHtml(expression)} · ${escapeHtml(entry.fabric)}${badge}</h3><div class="chart" id="chart-capacity-${charts.length - 1}"></div></div>`;
    });
    const atCapacity = atCapacityLine(entry);
    return [
      `<h2>${escapeHtml(entry.fabric)}${entry.simulated ? badge : ''}</h2>`,
      `<p><strong>${escapeHtml(entry.answer)}</strong></p>`,
      atCapacity === null ? '' : `<p>${escapeHtml(atCapacity)}</p>`,
      '<p class="note">Blue: the metric at each load tried, dashed its 95% interval; red: the SLO bound; green: the capacity found.</p>',
      `<div class="grid">${chartCards.join('')}</div>`,
      '<div class="scroll"><table><thead><tr>',
      header.map((cell) => `<th class="text">${escapeHtml(cell)}</th>`).join(''),
      '</tr></thead><tbody>',
      rows
        .map((row) => `<tr>${row.map((cell) => `<td class="text">${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join(''),
      '</tbody></table></div>',
    ].join('\n');
  });
  const body = [
    `<h1>agentperf capacity: ${escapeHtml(file.suite)}${badge}</h1>`,
    simulated ? `<div class="banner" role="alert">⚠ ${escapeHtml(SIMULATED_NOTICE)}</div>` : '',
    file.status === 'partial'
      ? '<div class="banner" role="alert">Partial: the search was interrupted; these are the probes that finished.</div>'
      : '',
    `<p class="note">Seed ${file.seed}. Met and missed verdicts hold with ${Math.round(file.confidence * 100)}% confidence; undecided probes are neither.</p>`,
    ...sections,
  ].join('\n');
  return renderPage({
    title: `agentperf capacity ${file.suite}`,
    bodyHtml: body,
    data: { charts },
    script: CAPACITY_SCRIPT,
  });
}

interface ChartData {
  metric: string;
  loadUnit: string;
  valueUnit: string;
  loads: number[];
  estimate: Array<number | null>;
  low: Array<number | null>;
  high: Array<number | null>;
  bound: number;
  capacity: number | null;
}

/** One SLO's values across the probes, in the unit the SLO was written in. */
function chartOf(entry: CapacityEntry, threshold: Threshold, index: number): ChartData {
  const quantity = THRESHOLD_METRICS[threshold.metric].quantity;
  const divisor =
    quantity === 'latency'
      ? (LATENCY_UNITS[threshold.unit] ?? 1)
      : quantity === 'fraction' && threshold.unit === '%'
        ? 0.01
        : 1;
  const valueUnit =
    quantity === 'latency'
      ? threshold.unit || 'ms'
      : quantity === 'usd'
        ? 'USD'
        : quantity === 'fraction'
          ? threshold.unit === '%'
            ? '%'
            : 'fraction'
          : 'per second';
  const scaled = (value: number | null | undefined): number | null =>
    value === null || value === undefined ? null : value / divisor;
  // One point per load: the last probe at that load (a retried probe's final attempt).
  const byLoad = new Map(entry.probes.map((probe) => [probe.load, probe]));
  const probes = [...byLoad.values()].sort((a, b) => a.load - b.load);
  return {
    metric: threshold.statistic === null ? threshold.metric : `${threshold.metric}.${threshold.statistic}`,
    loadUnit: entry.mode === 'agents' ? 'agents' : 'tasks/s',
    valueUnit,
    loads: probes.map((probe) => probe.load),
    estimate: probes.map((probe) => scaled(probe.slos[index]?.estimate)),
    low: probes.map((probe) => scaled(probe.slos[index]?.interval?.[0])),
    high: probes.map((probe) => scaled(probe.slos[index]?.interval?.[1])),
    bound: threshold.value / divisor,
    capacity: entry.capacity,
  };
}
