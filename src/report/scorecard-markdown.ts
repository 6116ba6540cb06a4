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

function rankCell(ranking: Ranking, name: string): string {
  const rank = ranking.ranks[name];
  if (rank === null || rank === undefined) return '—';
  const range = ranking.rankRanges[name];
  const shared = Object.values(ranking.ranks).filter((other) => other === rank).length > 1;
  const text =
    range !== null && range !== undefined && range[1] > range[0] ? `#${range[0]}–${range[1]}` : `#${rank}`;
  return shared ? `=${text}` : text;
}

function intervalText(ranking: Ranking, name: string): string {
  const interval = ranking.intervals[name];
  if (interval === null || interval === undefined) return '';
  return ` [${formatValue(ranking, interval[0])}, ${formatValue(ranking, interval[1])}]`;
}

/**
 * `agentperf scorecard` as Markdown: one column per ranking, rank (a range
 * when the 95% interval allows several; `=` marks a tie) and value with its
 * interval per entry; a ≠ marks where the end-to-end rank differs from the
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
    `| entry | runs | harness | ${rankings.map((ranking) => escapeMarkdown(ranking.metric)).join(' | ')} |`,
    `| --- | ---: | --- | ${rankings.map(() => '---:').join(' | ')} |`,
  );
  for (const name of scorecard.entries) {
    const cells = rankings.map((ranking) => {
      const rank = ranking.ranks[name];
      const range = ranking.rankRanges[name];
      const reference = ttft.ranks[name];
      // Only a difference the interval cannot absorb: the TTFT rank lies outside this rank's range.
      const differs =
        ranking.kind === 'end to end' &&
        rank !== null &&
        range !== null &&
        range !== undefined &&
        reference !== null &&
        reference !== undefined &&
        (reference < range[0] || reference > range[1]);
      return `${rankCell(ranking, name)}${differs ? ' ≠' : ''} ${formatValue(ranking, ranking.values[name] ?? null)}${intervalText(ranking, name)}`;
    });
    const health = scorecard.health[name] ?? [];
    const warned = health.filter((entry) => entry.impaired).length;
    const harness = warned === 0 ? 'ok' : `⚠ ${warned} warned`;
    lines.push(
      `| ${escapeMarkdown(name)} | ${scorecard.runCounts[name] ?? 1} | ${harness} | ${cells.join(' | ')} |`,
    );
  }
  const roles = [
    ...new Set(Object.values(scorecard.singleCall).map((figures) => figures.role ?? 'all chat')),
  ];
  lines.push(
    '',
    `Ranks: one more than the entries better beyond both 95% intervals, so entries that cannot be told apart share a rank (=); #a–b is the range the interval allows. Intervals: a t-interval over runs for entries of several runs, a bootstrap of tasks (within-run spread only) for single runs. ≠: the single-call TTFT rank lies outside this rank's range. Single call measured on role: ${roles.map(escapeMarkdown).join(', ')} (probe medians, no interval).`,
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
            `${item.moved.length} of ${scorecard.entries.length} entries change rank (Kendall τ ${tau}).`) +
        (item.beyondIntervals.length === 0
          ? ' No reversal holds beyond the intervals.'
          : ` Beyond the intervals: ${item.beyondIntervals
              .map(
                ([better, other]) =>
                  `${escapeMarkdown(better)} beats ${escapeMarkdown(other)} end to end, ${escapeMarkdown(other)} leads by single call`,
              )
              .join('; ')}.`),
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
