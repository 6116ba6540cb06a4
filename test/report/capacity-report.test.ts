import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  renderCapacityHtml,
  renderCapacityMarkdown,
  renderCapacityTerminal,
} from '../../src/report/index.js';
import type { CapacityEntry, CapacityFile, CapacityProbeRecord } from '../../src/spec/index.js';

const HOSTILE = '<script>window.__pwned=1</script>';

function probe(load: number, verdict: CapacityProbeRecord['verdict'], p95: number): CapacityProbeRecord {
  return {
    load,
    label: `c${load}`,
    verdict,
    note: null,
    samples: verdict === 'met' ? 155 : 20,
    budgetTasks: 1000,
    endedBy: 'rule',
    slos: [
      {
        expression: 'e2e.p95<8s',
        verdict,
        estimate: p95,
        interval: [p95 * 0.9, p95 * 1.1],
        samples: 155,
        basis: 'binomial',
        note: null,
      },
      {
        expression: 'passRate>=0.9',
        verdict: 'met',
        estimate: 0.97,
        interval: [0.93, 0.99],
        samples: 155,
        basis: 'binomial',
        note: null,
      },
    ],
    passRate: 0.97,
    e2eP95Ms: p95,
    costPerPassedTaskUsd: 0.012,
    stepsPerSecond: load * 2.5,
    harness: { warnings: [], eventLoopLagP99Ms: 3, cpuFraction: 0.2 },
    attempts: 1,
    runId: `run-${load}`,
  };
}

function entry(fabric: string, knee: number): CapacityEntry {
  const probes = [1, 2, 4, 8, 16].map((load) =>
    probe(load, load <= knee ? 'met' : 'missed', 2000 + load * 600),
  );
  return {
    fabric,
    simulated: true,
    mode: 'agents',
    slo: ['e2e.p95<8s', 'passRate>=0.9'],
    capacity: knee,
    bracket: [knee, knee * 2],
    lowestUndecided: null,
    status: 'converged',
    reason: null,
    answer: `sustains ${knee} agents; ${knee * 2} misses e2e.p95<8s: p95 9.1s [8.6s, 9.7s]`,
    atCapacity: { costPerPassedTaskUsd: 0.012, stepsPerSecond: knee * 2.5, runId: `run-${knee}` },
    probes,
  };
}

const file: CapacityFile = {
  schemaVersion: 1,
  suite: `demo${HOSTILE}`,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:10:00.000Z',
  seed: 7,
  confidence: 0.95,
  status: 'complete',
  fabrics: [entry('full', 8), entry(`half${HOSTILE}`, 4)],
};

describe('capacity reports', () => {
  it('show the answer, every probe and the side-by-side table, labelled simulated', () => {
    const markdown = renderCapacityMarkdown(file);
    expect(markdown).toContain('SIMULATED');
    expect(markdown).toContain('sustains 8 agents; 16 misses e2e.p95&lt;8s');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('| full | 8 | [8, 16]');
    expect(markdown).toContain('p95 11.6s \\[10.44s, 12.76s\\] missed');
    const terminal = renderCapacityTerminal(file);
    expect(terminal).toContain('full (SIMULATED): sustains 8 agents');
    expect(terminal).toMatch(/side by side:\n {2}full: 8 agents, bracket \[8, 16\]/);
  });

  const CHROMIUM = '/usr/bin/chromium';
  it.skipIf(!existsSync(CHROMIUM))(
    'draws a chart per SLO per fabric in a real browser, offline, with no planted script',
    async () => {
      const directory = mkdtempSync(join(tmpdir(), 'agentperf-capacity-html-'));
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu'],
      });
      try {
        const path = join(directory, 'report.html');
        writeFileSync(path, renderCapacityHtml(file));
        const page = await browser.newPage();
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(pathToFileURL(path).href);
        await page.waitForFunction("document.documentElement.hasAttribute('data-charts')");
        expect(await page.evaluate("document.documentElement.getAttribute('data-charts')")).toBe('4');
        const sizes = (await page.evaluate(
          "[...document.querySelectorAll('.chart')].map((el) => { const c = el.querySelector('canvas'); return c ? c.width * c.height : 0; })",
        )) as number[];
        expect(sizes).toHaveLength(4);
        expect(sizes.every((size) => size > 0)).toBe(true);
        expect(await page.evaluate('window.__pwned')).toBeUndefined();
        expect(problems).toEqual([]);
        expect(requests.every((url) => url.startsWith('file:'))).toBe(true);
      } finally {
        await browser.close();
        rmSync(directory, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
