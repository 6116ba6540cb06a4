import type { LatencySummary, LevelResult, MetricBlock, RunResults } from '../../spec/index.js';
import { escapeHtml } from '../escape.js';
import { estimateWarnings, faultRows } from '../fault-rows.js';
import {
  describeLoad,
  formatInterval,
  formatMs,
  formatPercent,
  formatRate,
  formatUsd,
  pacedNote,
  simulatorLag,
} from '../format.js';
import { predictedNotice, SIMULATED_NOTICE } from '../markdown.js';
import { placementHtml, placementRows } from '../placement-table.js';
import type { ReportModel } from '../report-model.js';
import { SERVING_HEADER, SERVING_NOTE, servingRows } from '../serving-rows.js';

const text = escapeHtml;

/** The page's static HTML: tables and chart containers; every run-provided string is escaped. */
export function reportBody(model: ReportModel): string {
  const results = model.results;
  const badge =
    (results.simulated ? '<span class="sim-badge">SIMULATED</span>' : '') +
    (results.predicted ? '<span class="sim-badge">PREDICTED</span>' : '');
  const parts: string[] = [];
  parts.push(`<h1>agentperf: ${text(results.suite)} on ${text(results.fabric)}${badge}</h1>`);
  parts.push(
    `<p class="meta">run ${text(results.runId)} · ${text(results.status)} · started ${text(results.startedAt)} · ` +
      `finished ${text(results.finishedAt)} · seed ${results.seed}</p>`,
  );
  if (results.simulated) parts.push(`<div class="banner" role="alert">⚠ ${text(SIMULATED_NOTICE)}</div>`);
  if (results.predicted)
    parts.push(`<div class="banner" role="alert">⚠ ${text(predictedNotice(results))}</div>`);
  for (const warning of estimateWarnings(results.levels))
    parts.push(`<div class="banner" role="alert">⚠ Estimated usage: ${text(warning)}.</div>`);
  parts.push('<h2>The four numbers</h2>', fourNumbers(results.levels), notes(results));
  parts.push(faults(results.levels));
  parts.push(servingFigures(results.levels));
  parts.push('<h2>Hardware cost and energy per task</h2>', placementHtml(placementRows([results])));
  parts.push(
    '<h2>Latency and throughput</h2><div class="grid">',
    card('Latency CDF per level', 'chart-cdf', badge),
    card('p50 / p95 / p99 and steps/s against load', 'chart-load', badge),
    card('Quality-conditioned (passed only, dashed) against all tasks', 'chart-quality', badge),
    card('Cost per task against p95, per task', 'chart-cost', badge),
    '</div>',
  );
  parts.push(
    '<h2>Where time goes</h2><div class="grid">',
    card('Critical-path share by step kind, per level', 'chart-breakdown', badge),
    '</div>',
  );
  for (const view of model.levels) parts.push(stepKinds(view.result), tools(view.result, badge));
  parts.push('<h2>Waterfalls: a median task and the p99 task</h2><div class="grid">');
  let index = 0;
  for (const view of model.levels) {
    for (const waterfall of view.waterfalls) {
      const outcome = waterfall.passed
        ? '<span class="pass">passed</span>'
        : '<span class="fail">failed</span>';
      const error = waterfall.error === null ? '' : `<p class="note">error: ${text(waterfall.error)}</p>`;
      parts.push(
        `<div class="card"><h3>${text(view.result.label)} · ${text(waterfall.title)}: ${text(waterfall.task)} ` +
          `(${text(waterfall.caseId)}) · ${formatMs(waterfall.e2eMs)} · ${outcome}${badge}</h3>${error}` +
          `<div class="chart" id="chart-waterfall-${index}"></div></div>`,
      );
      index++;
    }
  }
  parts.push('</div>', '<h2>Per task</h2>');
  for (const level of results.levels) parts.push(perTask(level));
  parts.push(
    '<h2>Harness health</h2>',
    harness(results.levels),
    '<h2>Environment</h2>',
    environment(results),
  );
  return parts.join('\n');
}

/** Why tasks failed: errored tasks per level, task and fault class, and failed steps, with an example each. */
function faults(levels: LevelResult[]): string {
  const rows = faultRows(levels);
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (row) =>
        `<tr><td>${text(row.level)}</td><td>${text(row.scope)}</td><td>${text(row.fault)}</td>` +
        `<td>${row.count}</td><td>${text(row.example)}</td></tr>`,
    )
    .join('');
  return (
    '<h2>Why tasks failed</h2><p class="note">Errored tasks per task and fault class; ' +
    '<em>steps</em> counts failed steps (a step may fail without failing its task).</p>' +
    `<table><thead><tr><th>level</th><th>task</th><th>fault</th><th>count</th><th>example</th></tr></thead><tbody>${body}</tbody></table>`
  );
}

function card(title: string, id: string, badge: string): string {
  return `<div class="card"><h3>${text(title)}${badge}</h3><div class="chart" id="${id}"></div></div>`;
}

function withInterval(summary: LatencySummary, which: 'p95' | 'p99'): string {
  const interval = formatInterval(summary.ci95[which], formatMs);
  return `${formatMs(summary[which])}${interval === '' ? '' : ` <span class="ci">${interval}</span>`}`;
}

function levelCell(level: LevelResult): string {
  return `${text(level.label)}${level.partial ? ' (partial)' : ''}`;
}

/** TTFT, TPOT, ITL and output tokens/s per chat role and level, the figures serving benchmarks print. */
function servingFigures(levels: LevelResult[]): string {
  const rows = servingRows(levels);
  if (rows.length === 0) return '';
  const head = SERVING_HEADER.map(
    (title, column) => `<th${column < 2 ? ' class="text"' : ''}>${text(title)}</th>`,
  );
  const body = rows.map(
    (row) =>
      `<tr>${row.map((cell, column) => `<td${column < 2 ? ' class="text"' : ''}>${text(cell)}</td>`).join('')}</tr>`,
  );
  return (
    '<h2>Serving figures per role</h2>' +
    `<div class="scroll"><table class="serving"><thead><tr>${head.join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>` +
    `<p class="note">${text(SERVING_NOTE)}</p>`
  );
}

function fourNumbers(levels: LevelResult[]): string {
  const rows = levels.map(
    (level) =>
      `<tr><td>${levelCell(level)}</td><td>${describeLoad(level)}</td><td>${level.tasksCompleted}</td>` +
      `<td>${formatMs(level.e2eMs.p50)}</td><td>${withInterval(level.e2eMs, 'p95')}</td><td>${withInterval(level.e2eMs, 'p99')}</td>` +
      `<td>${formatRate(level.stepsPerSecond)}</td><td>${formatUsd(level.costPerTaskUsd.mean)}</td>` +
      `<td>${formatUsd(level.costPerPassedTaskUsd)}</td><td>${formatPercent(level.passRate)}</td>` +
      `<td>${withInterval(level.passedE2eMs, 'p95')}</td><td>${formatRate(level.goodputTasksPerSecond)}</td></tr>`,
  );
  return (
    '<div class="scroll"><table><thead><tr><th>level</th><th>load</th><th>tasks</th><th>e2e p50</th><th>e2e p95 [95% CI]</th>' +
    '<th>e2e p99 [95% CI]</th><th>steps/s</th><th>cost/task</th><th>cost/passed task</th><th>pass rate</th>' +
    `<th>passed-only p95</th><th>goodput</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function notes(results: RunResults): string {
  const items: string[] = [];
  for (const level of results.levels) {
    for (const warning of level.e2eMs.lowSampleWarnings) items.push(`${level.label}: ${warning}`);
    if (level.costPerTaskUsd.unpricedTasks > 0) {
      items.push(`${level.label}: ${level.costPerTaskUsd.unpricedTasks} task(s) used an unpriced step`);
    }
    for (const warning of level.harness.warnings) items.push(`${level.label}: harness: ${warning}`);
  }
  for (const outcome of results.thresholds) {
    if (!outcome.passed) items.push(`threshold failed: ${outcome.expression}: ${outcome.message}`);
  }
  if (items.length === 0) return '';
  return `<ul class="warnings">${items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`;
}

/** Each tool's own time beside its (simulated) network time, where the fabric placed it. */
function tools(level: LevelResult, badge: string): string {
  const entries = Object.entries(level.byTool ?? {});
  if (entries.length === 0) return '';
  const network = (value: number | null | undefined) => (value === undefined ? '–' : formatMs(value));
  const rows = entries.map(
    ([name, tool]) =>
      `<tr><td>${text(name)}</td><td>${text(tool.placement)}</td><td>${tool.count}</td><td>${formatMs(tool.ms.p50)}</td>` +
      `<td>${formatMs(tool.ms.p95)}</td><td>${network(tool.networkMs?.p50)}</td><td>${network(tool.networkMs?.p95)}</td>` +
      `<td>${formatPercent(tool.criticalPathShare)}</td><td>${formatPercent(tool.networkCriticalPathShare)}</td></tr>`,
  );
  const simulated = entries.some(([, tool]) => tool.networkMs !== null) ? badge : '';
  return (
    `<h3>${levelCell(level)}: tools, own time and network${simulated}</h3><table><thead><tr><th>tool</th><th>host</th><th>calls</th>` +
    '<th>p50</th><th>p95</th><th>network p50 (simulated)</th><th>network p95</th><th>critical path: tool</th>' +
    `<th>critical path: network</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function stepKinds(level: LevelResult): string {
  const rows = Object.entries(level.byStepKind)
    .sort((left, right) => right[1].criticalPathShare - left[1].criticalPathShare)
    .map(
      ([kind, summary]) =>
        `<tr><td>${text(kind)}</td><td>${summary.count}</td><td>${formatMs(summary.ms.p50)}</td>` +
        `<td>${formatMs(summary.ms.p95)}</td><td>${formatMs(summary.ms.p99)}</td>` +
        `<td>${formatPercent(summary.criticalPathShare)}</td></tr>`,
    );
  return (
    `<h3>${levelCell(level)}: step kinds</h3><table><thead><tr><th>kind</th><th>count</th><th>p50</th><th>p95</th>` +
    `<th>p99</th><th>critical-path share</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function perTask(level: LevelResult): string {
  const row = (name: string, block: MetricBlock) =>
    `<tr><td class="text">${text(name)}</td><td>${block.tasksCompleted}</td><td>${formatMs(block.e2eMs.p50)}</td>` +
    `<td>${formatMs(block.e2eMs.p95)}</td><td>${formatMs(block.e2eMs.p99)}</td><td>${formatPercent(block.passRate)}</td>` +
    `<td>${formatMs(block.passedE2eMs.p95)}</td><td>${formatUsd(block.costPerTaskUsd.mean)}</td>` +
    `<td>${formatUsd(block.costPerPassedTaskUsd)}</td></tr>`;
  return (
    `<h3>${levelCell(level)} (${describeLoad(level)})</h3><table><thead><tr><th class="text">task</th><th>tasks</th>` +
    '<th>p50</th><th>p95</th><th>p99</th><th>pass rate</th><th>passed-only p95</th><th>cost/task</th>' +
    `<th>cost/passed task</th></tr></thead><tbody>${Object.entries(level.byTask)
      .map(([name, block]) => row(name, block))
      .join('')}</tbody></table>`
  );
}

function harness(levels: LevelResult[]): string {
  const rows = levels.map((level) => {
    const lag = level.harness.eventLoopLagMs;
    const warnings =
      level.harness.warnings.length === 0 ? 'none' : level.harness.warnings.map(text).join('<br>');
    return (
      `<tr><td>${levelCell(level)}</td><td>${formatMs(lag.p50)} / ${formatMs(lag.p99)} / ${formatMs(lag.max)}</td>` +
      `<td>${formatPercent(level.harness.cpuFraction, 0)}</td><td>${formatMs(level.harness.startLagP99Ms)}${pacedNote(level.harness)}</td>` +
      `<td>${simulatorLag(level.harness)}</td>` +
      `<td class="text">${warnings}</td></tr>`
    );
  });
  return (
    '<table><thead><tr><th>level</th><th>event-loop lag p50 / p99 / max</th><th>harness CPU (one core)</th>' +
    `<th>start lag p99</th><th>simulator lag p99 (busy)</th><th class="text">warnings</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function environment(results: RunResults): string {
  const environment = results.environment;
  const rows: [string, string][] = [
    ['agentperf', environment.agentperfVersion],
    ['Node', environment.node],
    ['platform', `${environment.platform}/${environment.arch}`],
    ['CPU', `${environment.cpus} × ${environment.cpuModel}`],
    ['memory', `${environment.memoryGiB} GiB`],
    ['host', environment.hostname],
    ['git revision', environment.gitRevision ?? 'unknown'],
  ];
  return `<table><tbody>${rows
    .map(([name, value]) => `<tr><td>${text(name)}</td><td class="text">${text(value)}</td></tr>`)
    .join('')}</tbody></table>`;
}
