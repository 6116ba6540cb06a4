import type { LevelExplanation, MetricComparison, RunComparison, StepComparison } from '../analysis/index.js';
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
    `# agentperf compare: ${escapeMarkdown(comparison.baselineLabel)} → ${escapeMarkdown(comparison.candidateLabel)}`,
    '',
  );
  if (comparison.simulated)
    lines.push(
      `> **⚠ SIMULATED: at least one run used the simulated fabric.** ${fidelityBandSentence()}`,
      '',
    );
  for (const note of comparison.notes) lines.push(`> **${escapeMarkdown(note)}**`, '');
  lines.push(`Suite ${escapeMarkdown(comparison.suite)}. ${methodSentence(comparison)}`, '');
  lines.push(...healthLines(comparison), '');
  lines.push(
    '| level | metric | baseline | candidate | change | 95% CI of change | adj. p | verdict |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const row of comparison.metrics) {
    const unit = row.metric.unit;
    const interval =
      row.ci95 === null
        ? '—'
        : `[${formatSignedChange(row.ci95[0], unit)}, ${formatSignedChange(row.ci95[1], unit)}]`;
    lines.push(
      `| ${escapeMarkdown(row.level)} | ${row.metric.label} | ${formatInUnit(row.baseline, unit)} | ` +
        `${formatInUnit(row.candidate, unit)} | ${formatSignedChange(row.change, unit)}${relative(row.relativeChange)} | ${interval} | ` +
        `${row.adjustedPValue === null ? '—' : row.adjustedPValue < 0.001 ? '<0.001' : row.adjustedPValue.toFixed(3)} | ` +
        `${VERDICT_MARK[row.verdict]} |`,
    );
  }
  if (comparison.unmatchedLevels.length > 0) {
    lines.push(
      '',
      `Not compared (in one side only): ${comparison.unmatchedLevels.map(escapeMarkdown).join(', ')}`,
    );
  }
  if (comparison.explanations.length > 0) lines.push('', '## What moved', '', ...whatMovedLines(comparison));
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

function relative(change: number | null): string {
  return change === null ? '' : ` (${change >= 0 ? '+' : ''}${formatPercent(change)})`;
}

function methodSentence(comparison: RunComparison): string {
  const runs = `${comparison.baselineRunIds.length} baseline and ${comparison.candidateRunIds.length} candidate run(s)`;
  if (comparison.evidence === 'repeated runs') {
    return (
      `Evidence: ${runs}; each metric is computed per run and the interval is a Student-t interval over the ` +
      `per-run values${comparison.paired ? ', paired by seed (both sides ran the same plan)' : ' (Welch)'}, ` +
      `so it includes run-to-run variance. Verdicts use p-values adjusted (${correctionName(comparison)}) over all ` +
      `${comparison.metrics.length} rows; changes under 3% get no verdict.`
    );
  }
  return (
    `Evidence: ${runs}. Intervals: 95% percentile bootstrap of the difference, ${comparison.resamples} resamples ` +
    `of tasks within each run, seed ${comparison.seed}: they do not include run-to-run variance. Verdicts use ` +
    `p-values adjusted (${correctionName(comparison)}) and need a change beyond the ${formatPercent(comparison.noiseFloor, 0)} noise floor.`
  );
}

function correctionName(comparison: RunComparison): string {
  return comparison.correction === 'holm'
    ? 'Holm, family-wise error 5%'
    : 'Benjamini–Hochberg, false-discovery rate 5%';
}

function healthLines(comparison: RunComparison): string[] {
  const excluded = new Set(comparison.excluded.map((health) => health.runId));
  const lines = ['| side | run | harness | used |', '| --- | --- | --- | --- |'];
  const add = (side: string, health: RunComparison['health']['baseline'][number]) =>
    lines.push(
      `| ${side} | ${escapeMarkdown(health.runId)} | ${health.impaired ? `⚠ warned: ${escapeMarkdown(health.warnings.join('; '))}` : 'ok'} | ${excluded.has(health.runId) ? 'excluded (impaired)' : 'yes'} |`,
    );
  for (const health of comparison.health.baseline) add('baseline', health);
  for (const health of comparison.health.candidate) add('candidate', health);
  return lines;
}

function whatMovedLines(comparison: RunComparison): string[] {
  const lines: string[] = [];
  for (const explanation of comparison.explanations) {
    lines.push(`### ${escapeMarkdown(explanation.level)}`, '', explanationSentence(explanation), '');
    const rows = comparison.steps.filter((row) => row.level === explanation.level);
    const subjects = [...new Set(rows.map((row) => row.subject))];
    lines.push(
      '| step | p50 | p95 | critical path/task | critical-path share | queue+retry wait/step |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const subject of subjects) {
      const cell = (figure: StepComparison['figure']) => {
        const row = rows.find((entry) => entry.subject === subject && entry.figure === figure);
        return row === undefined ? '—' : stepCell(row);
      };
      lines.push(
        `| ${escapeMarkdown(subject)} | ${cell('p50Ms')} | ${cell('p95Ms')} | ${cell('criticalPathMsPerTask')} | ` +
          `${cell('criticalPathShare')} | ${cell('waitMsPerStep')} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    comparison.evidence === 'repeated runs'
      ? '↑/↓ marks a figure whose between-run 95% interval excludes zero.'
      : 'One run a side: step figures have no interval; read them as hints.',
  );
  return lines;
}

function stepCell(row: StepComparison): string {
  const format = (value: number | null) =>
    row.unit === 'fraction' ? formatPercent(value) : formatInUnit(value, 'ms');
  const change =
    row.unit === 'fraction'
      ? `${(row.change ?? 0) >= 0 ? '+' : ''}${formatPercent(row.change)}`
      : formatSignedChange(row.change, 'ms');
  const mark = row.moved ? ((row.change ?? 0) > 0 ? ' ↑' : ' ↓') : '';
  return `${format(row.baseline)} → ${format(row.candidate)} (${change})${mark}`;
}

/** The verdict on what moved: the step kinds whose critical-path change explains the e2e change. */
export function explanationSentence(explanation: LevelExplanation): string {
  const total = explanation.e2eMeanChangeMs;
  if (total === null) return 'No end-to-end change to explain.';
  const direction = total >= 0 ? 'slower' : 'faster';
  if (explanation.named.length === 0) {
    return `Mean e2e ${formatSignedChange(total, 'ms')}: no step kind explains it beyond run-to-run noise.`;
  }
  const parts = explanation.named.map((kind) => {
    const entry = explanation.contributions.find((contribution) => contribution.kind === kind)!;
    return `**${escapeMarkdown(kind)}** (${formatSignedChange(entry.changeMs, 'ms')} on the critical path per task, ${formatPercent(entry.share, 0)} of the change)`;
  });
  return `Mean e2e ${formatSignedChange(total, 'ms')} (${direction}), explained by ${parts.join(' and ')}.`;
}
