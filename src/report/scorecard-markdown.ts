import type { Ranking, Scorecard } from '../analysis/index.js';
import { escapeMarkdown } from './escape.js';
import { formatMs, formatPercent, formatUsd } from './format.js';
import { fidelityBandSentence } from '../sim/index.js';

function formatValue(ranking: Ranking, value: number | null): string {
  if (ranking.unit === 'ms') return formatMs(value);
  if (ranking.unit === 'usd') return formatUsd(value);
  if (ranking.unit === 'fraction') return formatPercent(value);
  return value === null ? '—' : `${value.toFixed(0)} tok/s`;
}

/**
 * `agentperf scorecard` as Markdown: one column per ranking, rank and value
 * per entry; a ≠ marks where the end-to-end rank differs from the
 * single-call TTFT rank.
 */
export function renderScorecardMarkdown(scorecard: Scorecard): string {
  const lines = [`# agentperf scorecard: ${escapeMarkdown(scorecard.suite)}`, ''];
  if (scorecard.simulated)
    lines.push(
      `> **⚠ SIMULATED: at least one entry ran on the simulated fabric.** ${fidelityBandSentence()}`,
      '',
    );
  const rankings = [...scorecard.endToEnd, ...scorecard.singleCallRankings];
  const ttft = scorecard.singleCallRankings[0]!;
  lines.push(
    `| entry | ${rankings.map((ranking) => escapeMarkdown(ranking.metric)).join(' | ')} |`,
    `| --- | ${rankings.map(() => '---:').join(' | ')} |`,
  );
  for (const name of scorecard.entries) {
    const cells = rankings.map((ranking) => {
      const rank = ranking.ranks[name];
      const differs =
        ranking.kind === 'end to end' &&
        rank !== null &&
        ttft.ranks[name] !== null &&
        rank !== ttft.ranks[name];
      return `${rank === null ? '—' : `#${rank}`}${differs ? ' ≠' : ''} ${formatValue(ranking, ranking.values[name] ?? null)}`;
    });
    lines.push(`| ${escapeMarkdown(name)} | ${cells.join(' | ')} |`);
  }
  const roles = [
    ...new Set(Object.values(scorecard.singleCall).map((figures) => figures.role ?? 'all chat')),
  ];
  lines.push(
    '',
    `≠: rank differs from the single-call TTFT rank. Single call measured on role: ${roles.map(escapeMarkdown).join(', ')}.`,
    '',
    '## Where the rankings differ',
    '',
  );
  for (const item of scorecard.disagreements) {
    const tau = item.kendallTau === null ? 'n/a' : item.kendallTau.toFixed(2);
    lines.push(
      `- ${escapeMarkdown(item.endToEnd)} vs ${escapeMarkdown(item.singleCall)}: ` +
        (item.moved.length === 0
          ? `same order (Kendall τ ${tau}).`
          : `leader ${escapeMarkdown(item.leaderEndToEnd ?? '—')} vs ${escapeMarkdown(item.leaderSingleCall ?? '—')}; ` +
            `${item.moved.length} of ${scorecard.entries.length} entries change rank (Kendall τ ${tau}).`),
    );
  }
  if (scorecard.notes.length > 0)
    lines.push('', ...scorecard.notes.map((note) => `_Note: ${escapeMarkdown(note)}_`));
  return `${lines.join('\n')}\n`;
}
