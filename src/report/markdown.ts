import type { LatencySummary, LevelResult, MetricBlock, RunResults } from '../spec/index.js';
import { escapeMarkdown } from './escape.js';
import { estimateWarnings, faultRows } from './fault-rows.js';
import {
  describeLoad,
  formatInterval,
  formatMs,
  formatPercent,
  formatRate,
  formatUsd,
  pacedNote,
  simulatorLag,
} from './format.js';
import type { ReportInput } from './report-input.js';
import { buildReportModel, type LevelView, type ReportModel } from './report-model.js';
import { placementMarkdown, placementRows } from './placement-table.js';
import { SERVING_HEADER, SERVING_NOTE, servingRows } from './serving-rows.js';
import { BREAKDOWN_CATEGORIES } from './step-breakdown.js';
import { fidelityBandSentence } from '../sim/index.js';

/** Shown at the top of every report whose numbers came from the simulator. */
export const SIMULATED_NOTICE =
  'SIMULATED: these numbers were produced by the built-in simulated model fabric, not by real model servers. ' +
  'They show how the harness and the agent behave, not how any vendor performs. ' +
  fidelityBandSentence();

/** Shown at the top of every report of a what-if prediction. */
export function predictedNotice(results: RunResults): string {
  const from = results.prediction;
  return (
    'PREDICTED: no task ran on this fabric. These numbers replay the recorded task graphs' +
    (from ? ` of run ${from.fromRun} (on ${from.fromFabric})` : '') +
    ' through a discrete-event simulation of its serving engines; tool and agent times are as recorded.'
  );
}

/** report.md: the four numbers per level, per task, where time goes, health and environment. */
export function renderMarkdown(input: ReportInput): string {
  return markdownOfModel(buildReportModel(input));
}

/** Renders an already-built model (shared with the HTML report to aggregate once). */
export function markdownOfModel(model: ReportModel): string {
  const results = model.results;
  const lines: string[] = [];
  lines.push(`# agentperf report: ${escapeMarkdown(results.suite)} on ${escapeMarkdown(results.fabric)}`, '');
  if (results.simulated) lines.push(`> **⚠ ${SIMULATED_NOTICE}**`, '');
  if (results.predicted) lines.push(`> **⚠ ${escapeMarkdown(predictedNotice(results))}**`, '');
  if (results.status !== 'complete') {
    lines.push(`> **Run status: ${results.status}.** Levels marked partial stopped early.`, '');
  }
  for (const warning of estimateWarnings(results.levels))
    lines.push(`> **⚠ Estimated usage: ${escapeMarkdown(warning)}.**`, '');
  lines.push(
    `Run \`${escapeMarkdown(results.runId)}\` · started ${escapeMarkdown(results.startedAt)} · ` +
      `finished ${escapeMarkdown(results.finishedAt)} · seed ${results.seed}`,
    '',
  );
  lines.push(...fourNumbers(results.levels), '');
  lines.push('## Hardware cost and energy per task', '', ...placementMarkdown(placementRows([results])), '');
  lines.push(...warnings(results.levels));
  lines.push(...thresholds(results));
  lines.push(...faults(results.levels));
  lines.push('## Per task', '');
  for (const level of results.levels) lines.push(...perTask(level), '');
  lines.push(...servingSection(results.levels));
  lines.push('## Where time goes', '');
  for (const view of model.levels) lines.push(...whereTimeGoes(view), '');
  if (model.tasksWithoutSpans > 0) {
    lines.push(
      `_${model.tasksWithoutSpans} task(s) had no spans; the breakdown counts them as orchestration._`,
      '',
    );
  }
  lines.push(...harness(results.levels), '');
  lines.push(...environment(results));
  return `${lines.join('\n').trimEnd()}\n`;
}

function latencyWithInterval(summary: LatencySummary, which: 'p95' | 'p99'): string {
  const interval = formatInterval(summary.ci95[which], formatMs);
  return interval === '' ? formatMs(summary[which]) : `${formatMs(summary[which])} ${interval}`;
}

function levelName(level: LevelResult): string {
  return `${escapeMarkdown(level.label)}${level.partial ? ' (partial)' : ''}`;
}

function fourNumbers(levels: LevelResult[]): string[] {
  const lines = [
    '## The four numbers',
    '',
    'Latency is end to end, from each task’s scheduled start; intervals are 95% confidence intervals.',
    '',
    '| level | load | tasks | e2e p50 | e2e p95 [95% CI] | e2e p99 [95% CI] | steps/s | cost/task | cost/passed task | pass rate | passed-only p95 | goodput |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const level of levels) {
    lines.push(
      `| ${levelName(level)} | ${describeLoad(level)} | ${level.tasksCompleted} | ${formatMs(level.e2eMs.p50)} | ` +
        `${latencyWithInterval(level.e2eMs, 'p95')} | ${latencyWithInterval(level.e2eMs, 'p99')} | ` +
        `${formatRate(level.stepsPerSecond)} | ${formatUsd(level.costPerTaskUsd.mean)} | ` +
        `${formatUsd(level.costPerPassedTaskUsd)} | ${formatPercent(level.passRate)} | ` +
        `${formatMs(level.passedE2eMs.p95)} | ${formatRate(level.goodputTasksPerSecond, ' passed/s')} |`,
    );
  }
  return lines;
}

function warnings(levels: LevelResult[]): string[] {
  const lines: string[] = [];
  for (const level of levels) {
    const notes = [
      ...level.e2eMs.lowSampleWarnings,
      ...level.passedE2eMs.lowSampleWarnings.map((w) => `passed-only: ${w}`),
    ];
    if (level.costPerTaskUsd.unpricedTasks > 0) {
      notes.push(
        `${level.costPerTaskUsd.unpricedTasks} task(s) used an unpriced step; their cost is unknown`,
      );
    }
    if (level.e2eMs.method === 'histogram')
      notes.push('percentiles from a histogram (≤ 0.1% relative error)');
    for (const note of notes) lines.push(`- **${levelName(level)}**: ${escapeMarkdown(note)}`);
  }
  return lines.length === 0 ? [] : ['### Sample-size and data notes', '', ...lines, ''];
}

function thresholds(results: RunResults): string[] {
  if (results.thresholds.length === 0) return [];
  const lines = [
    '## Thresholds',
    '',
    '| threshold | level | actual | result |',
    '| --- | --- | ---: | --- |',
  ];
  for (const outcome of results.thresholds) {
    lines.push(
      `| \`${escapeMarkdown(outcome.expression)}\` | ${escapeMarkdown(outcome.level ?? 'all')} | ` +
        `${outcome.actual ?? '—'} | ${outcome.passed ? 'pass' : `**FAIL**: ${escapeMarkdown(outcome.message)}`} |`,
    );
  }
  return [...lines, ''];
}

/** Why tasks failed: errored tasks per level, task and fault class, and failed steps, with an example each. */
function faults(levels: LevelResult[]): string[] {
  const rows = faultRows(levels);
  if (rows.length === 0) return [];
  const lines = [
    '## Why tasks failed',
    '',
    'Errored tasks per task and fault class; `steps` counts failed steps (a step may fail without failing its task).',
    '',
    '| level | task | fault | count | example |',
    '| --- | --- | --- | ---: | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${escapeMarkdown(row.level)} | ${escapeMarkdown(row.scope)} | ${escapeMarkdown(row.fault)} | ${row.count} | ` +
        `${escapeMarkdown(row.example)} |`,
    );
  }
  lines.push('');
  return lines;
}

function perTask(level: LevelResult): string[] {
  const lines = [
    `### ${levelName(level)} (${describeLoad(level)})`,
    '',
    '| task | tasks | e2e p50 | e2e p95 | e2e p99 | pass rate | passed-only p95 | cost/task | cost/passed task |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, block] of Object.entries(level.byTask)) lines.push(taskRow(name, block));
  return lines;
}

function taskRow(name: string, block: MetricBlock): string {
  return (
    `| ${escapeMarkdown(name)} | ${block.tasksCompleted} | ${formatMs(block.e2eMs.p50)} | ${formatMs(block.e2eMs.p95)} | ` +
    `${formatMs(block.e2eMs.p99)} | ${formatPercent(block.passRate)} | ${formatMs(block.passedE2eMs.p95)} | ` +
    `${formatUsd(block.costPerTaskUsd.mean)} | ${formatUsd(block.costPerPassedTaskUsd)} |`
  );
}

function whereTimeGoes(view: LevelView): string[] {
  const level = view.result;
  const lines = [
    `### ${levelName(level)}`,
    '',
    '| step kind | count | p50 | p95 | p99 | critical-path share |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  const kinds = Object.entries(level.byStepKind).sort(
    (left, right) => right[1].criticalPathShare - left[1].criticalPathShare,
  );
  for (const [kind, summary] of kinds) {
    lines.push(
      `| ${escapeMarkdown(kind)} | ${summary.count} | ${formatMs(summary.ms.p50)} | ${formatMs(summary.ms.p95)} | ` +
        `${formatMs(summary.ms.p99)} | ${formatPercent(summary.criticalPathShare)} |`,
    );
  }
  const shares = BREAKDOWN_CATEGORIES.filter((category) => view.criticalPathShare[category] > 0.0005)
    .map((category) => `${category} ${formatPercent(view.criticalPathShare[category])}`)
    .join(' · ');
  if (shares !== '') lines.push('', `Critical path from the spans: ${shares}`);
  lines.push(...perTool(level));
  return lines;
}

/** Each tool's own time beside its network time (simulated), where the fabric placed it. */
function perTool(level: LevelResult): string[] {
  const tools = Object.entries(level.byTool ?? {});
  if (tools.length === 0) return [];
  const lines = [
    '',
    '| tool | host | calls | p50 | p95 | network p50 (simulated) | network p95 | critical path: tool | critical path: network |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, tool] of tools) {
    lines.push(
      `| ${escapeMarkdown(name)} | ${escapeMarkdown(tool.placement)} | ${tool.count} | ${formatMs(tool.ms.p50)} | ` +
        `${formatMs(tool.ms.p95)} | ${tool.networkMs === null ? '–' : formatMs(tool.networkMs.p50)} | ` +
        `${tool.networkMs === null ? '–' : formatMs(tool.networkMs.p95)} | ${formatPercent(tool.criticalPathShare)} | ` +
        `${formatPercent(tool.networkCriticalPathShare)} |`,
    );
  }
  return lines;
}

function harness(levels: LevelResult[]): string[] {
  const lines = [
    '## Harness health',
    '',
    '| level | event-loop lag p50 / p99 / max | harness CPU | start lag p99 | simulator lag p99 (busy) | warnings |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const level of levels) {
    const lag = level.harness.eventLoopLagMs;
    lines.push(
      `| ${levelName(level)} | ${formatMs(lag.p50)} / ${formatMs(lag.p99)} / ${formatMs(lag.max)} | ` +
        `${formatPercent(level.harness.cpuFraction, 0)} of a core | ${formatMs(level.harness.startLagP99Ms)}${pacedNote(level.harness)} | ` +
        `${simulatorLag(level.harness)} | ` +
        `${level.harness.warnings.length === 0 ? 'none' : level.harness.warnings.map(escapeMarkdown).join('; ')} |`,
    );
  }
  return lines;
}

function environment(results: RunResults): string[] {
  const environment = results.environment;
  return [
    '## Environment',
    '',
    `- agentperf ${escapeMarkdown(environment.agentperfVersion)}, Node ${escapeMarkdown(environment.node)}, ` +
      `${escapeMarkdown(environment.platform)}/${escapeMarkdown(environment.arch)}`,
    `- ${environment.cpus} × ${escapeMarkdown(environment.cpuModel)}, ${environment.memoryGiB} GiB, host ` +
      `${escapeMarkdown(environment.hostname)}`,
    `- git revision ${escapeMarkdown(environment.gitRevision ?? 'unknown')}`,
  ];
}

/** TTFT, TPOT, ITL and output tokens/s per chat role and level; nothing when no level had a chat call. */
function servingSection(levels: LevelResult[]): string[] {
  const rows = servingRows(levels);
  if (rows.length === 0) return [];
  return [
    '## Serving figures per role',
    '',
    `| ${SERVING_HEADER.join(' | ')} |`,
    `| --- | --- | ${SERVING_HEADER.slice(2)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((cell) => escapeMarkdown(cell)).join(' | ')} |`),
    '',
    `_${SERVING_NOTE}_`,
    '',
  ];
}
