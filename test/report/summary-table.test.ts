import { describe, expect, it } from 'vitest';
import { renderSummaryTable } from '../../src/report/index.js';
import { fidelityBandSentence } from '../../src/sim/index.js';
import { syntheticRun } from './support/synthetic-run.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes on purpose
const ANSI = /\u001b\[[0-9;]*m/g;

describe('renderSummaryTable', () => {
  const { results } = syntheticRun({ concurrencies: [1, 16, 64] });

  it('prints one aligned row per level with units and a simulated label', () => {
    const table = renderSummaryTable(results, { color: false, width: 200 });
    const lines = table.trimEnd().split('\n');
    expect(lines[1]).toContain('SIMULATED');
    // The simulator's validated error band closes the table.
    expect(lines.at(-1)).toBe(fidelityBandSentence());
    const header = lines[2]!;
    const rows = lines.slice(3, 6);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['c1', 'c16', 'c64']);
    // Right-aligned columns end where their header ends.
    const p95End = header.indexOf('p95') + 3;
    for (const row of rows) expect(row.slice(p95End - 2, p95End)).toBe(' s');
    expect(new Set([header, ...rows].map((line) => line.length)).size).toBe(1);
    expect(table).not.toMatch(ANSI);
  });

  it('drops low-priority columns to fit a narrow terminal but keeps the four numbers', () => {
    const table = renderSummaryTable(results, { color: false, width: 70 });
    const header = table.split('\n')[2]!;
    expect(header.length).toBeLessThanOrEqual(70);
    for (const column of ['p95', 'steps/s', '$/passed', 'passed p95']) expect(header).toContain(column);
    expect(header).not.toContain('tasks');
  });

  it('colours only when asked and labels nothing simulated for a real run', () => {
    expect(renderSummaryTable(results, { color: true, width: 200 })).toMatch(ANSI);
    const real = syntheticRun({ simulated: false }).results;
    expect(renderSummaryTable(real, { color: false, width: 200 })).not.toContain('SIMULATED');
  });
});
