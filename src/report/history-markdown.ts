import type { HistoryAnalysis, MetricMove } from '../analysis/index.js';
import { escapeMarkdown } from './escape.js';
import { formatInUnit, formatPercent } from './format.js';
import { fidelityBandSentence } from '../sim/index.js';

/** One sentence naming the bottleneck signal, or saying there is none. */
export function firstMoverSentence(analysis: HistoryAnalysis): string {
  const first = analysis.firstMover;
  if (first === null) return `No metric regressed significantly across ${analysis.runs.length} run(s).`;
  const followers = analysis.followers.slice(0, 4).map((move) => `${move.series.key} (${move.runId})`);
  return (
    `First mover: ${first.series.key} got ${formatPercent(first.relativeChange)} worse at run ${first.runId} ` +
    `(${first.startedAt.slice(0, 10)})${followers.length > 0 ? `; then ${followers.join(', ')}` : ''}. ` +
    'The metric that moves first is the likely bottleneck.'
  );
}

function moveRow(move: MetricMove): string {
  const unit = move.series.unit;
  return (
    `| ${escapeMarkdown(move.runId)} | ${move.startedAt.slice(0, 10)} | ${escapeMarkdown(move.series.key)} | ` +
    `${formatInUnit(move.before, unit)} → ${formatInUnit(move.after, unit)} | ` +
    `${move.relativeChange >= 0 ? '+' : ''}${formatPercent(move.relativeChange)} | ${move.direction} | ${move.pValue.toFixed(3)} |`
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
    `${span}; ${analysis.series.length} series. Change points: E-divisive means with a permutation test.`,
    '',
    `**${escapeMarkdown(firstMoverSentence(analysis))}**`,
    '',
  );
  if (analysis.moves.length > 0) {
    lines.push(
      '| run | date | metric | before → after | change | direction | p |',
      '| --- | --- | --- | ---: | ---: | --- | ---: |',
      ...analysis.moves.map(moveRow),
    );
  }
  return `${lines.join('\n')}\n`;
}
