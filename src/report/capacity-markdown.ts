import type { CapacityFile } from '../spec/index.js';
import { atCapacityLine, capacityProbeRows } from './capacity-rows.js';
import { escapeMarkdown } from './escape.js';
import { SIMULATED_NOTICE } from './markdown.js';

/** report.md of a capacity search: the answer per fabric, then every probe. */
export function renderCapacityMarkdown(file: CapacityFile): string {
  const lines: string[] = [`# agentperf capacity: ${escapeMarkdown(file.suite)}`, ''];
  if (file.fabrics.some((entry) => entry.simulated)) lines.push(`> **${SIMULATED_NOTICE}**`, '');
  if (file.status === 'partial')
    lines.push('> Partial: the search was interrupted; the probes below are the ones that finished.', '');
  lines.push(
    `Seed ${file.seed}. Every met/missed verdict holds with ${Math.round(file.confidence * 100)}% confidence (distribution-free order-statistic bounds for percentiles); undecided probes are neither.`,
    '',
  );
  if (file.fabrics.length > 1) {
    lines.push(
      '| fabric | capacity | bracket | cost/passed at capacity | answer |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const entry of file.fabrics) {
      lines.push(
        `| ${escapeMarkdown(entry.fabric)} | ${entry.capacity ?? '—'} | [${entry.bracket.map((value) => value ?? '—').join(', ')}] | ${entry.atCapacity?.costPerPassedTaskUsd?.toPrecision(3) ?? '—'} | ${escapeMarkdown(entry.answer)} |`,
      );
    }
    lines.push('');
  }
  for (const entry of file.fabrics) {
    lines.push(`## ${escapeMarkdown(entry.fabric)}${entry.simulated ? ' (simulated)' : ''}`, '');
    lines.push(`**${escapeMarkdown(entry.answer)}**`, '');
    lines.push(
      `SLO: ${entry.slo.map((slo) => `\`${slo}\``).join(', ')} · mode ${entry.mode} · search ${entry.status}`,
      '',
    );
    const atCapacity = atCapacityLine(entry);
    if (atCapacity !== null) lines.push(escapeMarkdown(atCapacity), '');
    const { header, rows } = capacityProbeRows(entry);
    lines.push(`| ${header.map(escapeMarkdown).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    for (const row of rows) lines.push(`| ${row.map(escapeMarkdown).join(' | ')} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
