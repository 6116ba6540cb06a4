import type { HistoryAnalysis, MetricMove } from '../analysis/index.js';
import { escapeMarkdown } from './escape.js';
import { formatInUnit, formatPercent, formatSignedChange } from './format.js';
import { fidelityBandSentence } from '../sim/index.js';

/** One sentence naming the bottleneck signal, or saying there is none. */
export function firstMoverSentence(analysis: HistoryAnalysis): string {
  const first = analysis.firstMover;
  if (first === null) {
    const none = `No metric regressed significantly across ${analysis.runs.length} run(s)`;
    return analysis.latestRegressions.length === 0
      ? `${none}.`
      : `${none} before the latest one; the latest run alone regressed (one run is not yet a mover: re-run to confirm it).`;
  }
  const followers = analysis.followers.slice(0, 4).map((move) => `${move.series.key} (${move.runId})`);
  // Named over a step around it that moved too (analyseHistory prefers the inner step): say which.
  const around = analysis.followers.find((move) =>
    analysis.contains?.[move.series.key]?.includes(first.series.key),
  );
  const inside = around === undefined ? '' : ` (it ran inside ${around.series.key}, which moved with it)`;
  return (
    `First mover: ${first.series.key}${inside} got ${formatPercent(first.relativeChange)} worse at run ${first.runId} ` +
    `(${first.startedAt.slice(0, 10)})${followers.length > 0 ? `; then ${followers.join(', ')}` : ''}. ` +
    'The metric that moves first is the likely bottleneck.'
  );
}

function moveRow(move: MetricMove): string {
  const unit = move.series.unit;
  const interval =
    move.ci95 === null
      ? '—'
      : `[${formatSignedChange(move.ci95[0], unit)}, ${formatSignedChange(move.ci95[1], unit)}]`;
  const q = move.adjustedPValue < 0.001 ? '<0.001' : move.adjustedPValue.toFixed(3);
  return (
    `| ${escapeMarkdown(move.runId)} | ${move.startedAt.slice(0, 10)} | ${escapeMarkdown(move.series.key)} | ` +
    `${move.test === 'latest run' ? 'latest run vs before' : move.shape === 'drift' ? 'drift onset' : 'step'} | ` +
    `${formatInUnit(move.before, unit)} → ${formatInUnit(move.after, unit)} | ` +
    `${formatSignedChange(move.change, unit)} (${move.relativeChange >= 0 ? '+' : ''}${formatPercent(move.relativeChange)}) | ${interval} | ` +
    `${move.confirmingRuns} of ${move.runsAfter} | ${move.direction} | ${q} |`
  );
}

/** `agentperf history` as Markdown: the first mover, then every detected change in time order. */
export function renderHistoryMarkdown(analysis: HistoryAnalysis): string {
  const lines = [`# agentperf history: ${escapeMarkdown(analysis.suite)}`, ''];
  if (analysis.runs.some((run) => run.simulated)) {
    lines.push(
      `> **⚠ SIMULATED: some runs in this history used the simulated fabric.** ${fidelityBandSentence()}`,
      '',
    );
  }
  const partial = analysis.runs.filter((run) => run.status !== 'complete');
  if (partial.length > 0) {
    lines.push(
      `> **⚠ PARTIAL: ${partial.length} run(s) did not finish (${partial.map((run) => escapeMarkdown(run.runId)).join(', ')}); their figures rest only on the tasks they finished.**`,
      '',
    );
  }
  const span =
    analysis.runs.length === 0
      ? 'no runs'
      : `${analysis.runs.length} run(s), ${analysis.runs[0]!.startedAt.slice(0, 10)} to ${analysis.runs.at(-1)!.startedAt.slice(0, 10)}`;
  lines.push(
    `${span}; ${analysis.series.length} series, ${analysis.tests} tests. Change points: E-divisive means with a ` +
      'permutation test, each dated at its onset (a step or the start of a drift); the latest run is tested against ' +
      `the stretch before it. Every test is held to a ${formatPercent(analysis.falseDiscoveryRate, 0)} false-discovery ` +
      'rate across all series (Benjamini–Hochberg q).',
    '',
  );
  if (analysis.excluded.length > 0) {
    lines.push(
      `> **${analysis.excluded.length} run(s) left out because the harness warned it may have distorted them: ` +
        `${analysis.excluded.map((run) => escapeMarkdown(run.runId)).join(', ')} (--include-impaired keeps them).**`,
      '',
    );
  }
  const warnedKept = analysis.health.filter((health) => health.impaired);
  if (warnedKept.length > 0) {
    lines.push(
      `> ${warnedKept.length} impaired run(s) kept (--include-impaired): ${warnedKept.map((health) => escapeMarkdown(health.runId)).join(', ')}.`,
      '',
    );
  }
  lines.push(`**${escapeMarkdown(firstMoverSentence(analysis))}**`, '');
  if (analysis.latestRegressions.length > 0) {
    lines.push(
      `**The latest run regressed:** ${analysis.latestRegressions.map((move) => escapeMarkdown(move.series.key)).join(', ')} ` +
        '(against the stretch before it; `--fail-on-regression` fails on this, and the next run tells a change from an outlier run).',
      '',
    );
  }
  if (analysis.moves.length > 0) {
    lines.push(
      '| run (onset) | date | metric | change kind | before → after | change | 95% CI | runs confirming | direction | q |',
      '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: |',
      ...analysis.moves.map(moveRow),
    );
  }
  return `${lines.join('\n')}\n`;
}
