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
  lines.push(...placementSection(scorecard));
  if (scorecard.notes.length > 0)
    lines.push('', ...scorecard.notes.map((note) => `_Note: ${escapeMarkdown(note)}_`));
  return `${lines.join('\n')}\n`;
}

/** Network share per entry and level, and where the placement of tools, not the model, decided the order. */
function placementSection(scorecard: Scorecard): string[] {
  if (scorecard.placement.length === 0) return [];
  const lines = [
    '',
    '## Where placement decided the ranking',
    '',
    'Network share: the part of the critical path spent on the (simulated) network between the agent and its tools. ' +
      '"Without network" takes that share out of the mean e2e (a first-order estimate read off the critical path, not a re-run).',
    '',
    `| level | ${scorecard.entries.map(escapeMarkdown).join(' | ')} | decided by placement |`,
    `| --- | ${scorecard.entries.map(() => '---:').join(' | ')} | --- |`,
  ];
  for (const effect of scorecard.placement) {
    const cells = scorecard.entries.map(
      (name) =>
        `network ${formatPercent(effect.networkShare[name] ?? null)}, mean ${formatMs(effect.meanE2eMs[name] ?? null)} → ` +
        `${formatMs(effect.meanE2eWithoutNetworkMs[name] ?? null)}`,
    );
    const verdict = effect.decided
      ? `yes: ${effect.orderWithNetwork.map(escapeMarkdown).join(' < ')} as run, ${effect.orderWithoutNetwork.map(escapeMarkdown).join(' < ')} without network`
      : 'no: same order without network';
    lines.push(`| ${escapeMarkdown(effect.level)} | ${cells.join(' | ')} | ${verdict} |`);
  }
  return lines;
}
