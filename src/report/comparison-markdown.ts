import type { MetricComparison, RunComparison } from '../analysis/index.js';
import { escapeMarkdown } from './escape.js';
import { formatInUnit, formatPercent, formatSignedChange } from './format.js';
import { fidelityBandSentence } from '../sim/index.js';

const VERDICT_MARK: Record<MetricComparison['verdict'], string> = {
  better: '✅ better',
  worse: '❌ worse',
  'no significant change': 'no significant change',
  'insufficient data': 'insufficient data',
};

/** `agentperf compare` output: one row per metric and level, Markdown so it pastes into a pull request. */
export function renderComparisonMarkdown(comparison: RunComparison): string {
  const lines: string[] = [];
  lines.push(
    `# agentperf compare: ${escapeMarkdown(comparison.baselineRunId)} → ${escapeMarkdown(comparison.candidateRunId)}`,
    '',
  );
  if (comparison.simulated)
    lines.push(
      `> **⚠ SIMULATED: at least one run used the simulated fabric.** ${fidelityBandSentence()}`,
      '',
    );
  lines.push(
    `Suite ${escapeMarkdown(comparison.suite)}. Intervals: 95% percentile bootstrap of the difference ` +
      `(candidate − baseline), ${comparison.resamples} resamples of tasks, seed ${comparison.seed}. ` +
      `Verdicts use p-values adjusted (Holm) over all ${comparison.metrics.length} rows, so an identical re-run ` +
      'is called significant in at most 5% of comparisons; changes under 3% get no verdict.',
    '',
    '| level | metric | baseline | candidate | change | 95% CI of change | adj. p | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const row of comparison.metrics) {
    const unit = row.metric.unit;
    const relative =
      row.relativeChange === null
        ? ''
        : ` (${row.relativeChange >= 0 ? '+' : ''}${formatPercent(row.relativeChange)})`;
    const interval =
      row.ci95 === null
        ? '—'
        : `[${formatSignedChange(row.ci95[0], unit)}, ${formatSignedChange(row.ci95[1], unit)}]`;
    lines.push(
      `| ${escapeMarkdown(row.level)} | ${row.metric.label} | ${formatInUnit(row.baseline, unit)} | ` +
        `${formatInUnit(row.candidate, unit)} | ${formatSignedChange(row.change, unit)}${relative} | ${interval} | ` +
        `${row.adjustedPValue === null ? '—' : row.adjustedPValue < 0.001 ? '<0.001' : row.adjustedPValue.toFixed(3)} | ` +
        `${VERDICT_MARK[row.verdict]} |`,
    );
  }
  if (comparison.unmatchedLevels.length > 0) {
    lines.push(
      '',
      `Not compared (in one run only): ${comparison.unmatchedLevels.map(escapeMarkdown).join(', ')}`,
    );
  }
  const regressions = comparison.regressions;
  lines.push(
    '',
    regressions.length === 0
      ? '**No significant regression.**'
      : `**${regressions.length} significant regression(s):** ${regressions
          .map((row) => `${escapeMarkdown(row.level)} ${row.metric.label}`)
          .join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
