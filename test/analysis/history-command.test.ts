import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyCommand } from '../../src/commands/history.js';
import { AgentperfError } from '../../src/errors.js';
import { MemoryStore } from '../report/support/memory-store.js';
import { syntheticRun } from '../report/support/synthetic-run.js';

const root = mkdtempSync(join(tmpdir(), 'agentperf-history-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('historyCommand', () => {
  const store = new MemoryStore();
  for (let index = 0; index < 8; index++) {
    store.add(
      syntheticRun({
        seed: 300 + index,
        runId: `h${index}<b>`,
        concurrencies: [1],
        tasksPerLevel: 200,
        startedAt: new Date(Date.UTC(2026, 2, 2) + index * 7 * 86_400_000).toISOString(),
        toolSlowdown: { search_docs: index >= 4 ? 2.5 : 1 },
      }),
    );
  }

  it('writes history.md and a self-contained history.html, and names the first mover', async () => {
    const output: string[] = [];
    const code = await historyCommand(
      { out: root },
      { store, runsDir: root, write: (text) => output.push(text) },
    );
    expect(code).toBe(0);
    expect(output.join('')).toContain('First mover: tool search\\_docs p95 @ c1');
    const html = readFileSync(join(root, 'history.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).toContain('h4&lt;b&gt;');
    expect(html).not.toContain('h4<b>');
    expect(existsSync(join(root, 'history.md'))).toBe(true);
  });

  it('asks for a suite when the store holds several, and fails on a regression at the latest run when asked', async () => {
    const mixed = new MemoryStore();
    mixed.add(syntheticRun({ suite: 'a', runId: 'a1', tasksPerLevel: 5 }));
    mixed.add(syntheticRun({ suite: 'b', runId: 'b1', tasksPerLevel: 5 }));
    const error = await historyCommand({}, { store: mixed, runsDir: root, write: () => {} }).catch(
      (caught) => caught,
    );
    expect(AgentperfError.is(error) && error.kind).toBe('usage');
    expect(
      await historyCommand({ failOnRegression: true, out: root }, { store, runsDir: root, write: () => {} }),
    ).toBe(0);
  });
});
