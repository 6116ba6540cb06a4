import type { CapacityFile } from '../spec/index.js';
import { atCapacityLine, capacityProbeRows } from './capacity-rows.js';

/** The terminal summary of a capacity search: the answer per fabric and an aligned probe table. */
export function renderCapacityTerminal(file: CapacityFile): string {
  const out: string[] = [];
  for (const entry of file.fabrics) {
    out.push('', `${entry.fabric}${entry.simulated ? ' (SIMULATED)' : ''}: ${entry.answer}`);
    const atCapacity = atCapacityLine(entry);
    if (atCapacity !== null) out.push(`  ${atCapacity}`);
    const { header, rows } = capacityProbeRows(entry);
    const widths = header.map((cell, index) =>
      Math.max(cell.length, ...rows.map((row) => row[index]!.length)),
    );
    const line = (cells: string[]): string =>
      `  ${cells
        .map((cell, index) => cell.padEnd(widths[index]!))
        .join('  ')
        .trimEnd()}`;
    out.push(line(header), ...rows.map(line));
  }
  if (file.fabrics.length > 1) {
    out.push('', 'side by side:');
    for (const entry of file.fabrics) {
      out.push(
        `  ${entry.fabric}: ${entry.capacity ?? '—'} ${entry.mode === 'agents' ? 'agents' : 'tasks/s'}, bracket [${entry.bracket.map((value) => value ?? '—').join(', ')}]`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
