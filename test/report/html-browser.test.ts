import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { analyseHistory, historySeries } from '../../src/analysis/index.js';
import { renderHistoryHtml, renderHtml } from '../../src/report/index.js';
import { MemoryStore } from './support/memory-store.js';
import { syntheticRun } from './support/synthetic-run.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

describe.skipIf(!hasChromium)(
  hasChromium
    ? 'HTML report in headless Chromium'
    : `HTML report in headless Chromium (skipped: ${CHROMIUM} is not installed)`,
  () => {
    let directory = '';
    let reportUrl = '';
    let browser: Browser | undefined;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'agentperf-html-'));
      const run = syntheticRun({
        concurrencies: [1, 16, 64],
        tasksPerLevel: 120,
        hostile: HOSTILE,
        taskNames: ['support-qa', `evil${HOSTILE}`],
      });
      const path = join(directory, 'report.html');
      writeFileSync(path, renderHtml(run));
      reportUrl = pathToFileURL(path).href;
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    for (const scheme of ['light', 'dark'] as const) {
      it(`renders every chart, makes no request and runs no planted script (${scheme})`, async () => {
        const page = await browser!.newPage({ colorScheme: scheme, viewport: { width: 1200, height: 900 } });
        const requests: string[] = [];
        const problems: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(reportUrl);
        await page.waitForFunction("document.documentElement.hasAttribute('data-charts')");

        // Expressions run in the page (this project compiles without DOM types, hence strings).
        const charts = (await page.evaluate(`[...document.querySelectorAll('.chart')].map((element) => {
            const canvas = element.querySelector('canvas');
            return { id: element.id, width: canvas ? canvas.width : 0, height: canvas ? canvas.height : 0 };
          })`)) as { id: string; width: number; height: number }[];
        // 4 overview charts, the breakdown, and 2 waterfalls for each of 3 levels.
        expect(charts.length).toBe(11);
        for (const chart of charts) {
          expect(chart.width, chart.id).toBeGreaterThan(0);
          expect(chart.height, chart.id).toBeGreaterThan(0);
        }
        expect(requests.filter((url) => url !== reportUrl && !url.startsWith('data:'))).toEqual([]);
        expect(problems).toEqual([]);
        expect(await page.evaluate('window.__pwned')).toBeUndefined();
        // The hostile strings are shown as text, not dropped and not parsed.
        const bodyText = (await page.evaluate('document.body.innerText')) as string;
        expect(bodyText).toContain('<script>window.__pwned=1</script>');
        expect(await page.evaluate("document.querySelectorAll('img').length")).toBe(0);
        expect(bodyText).toContain('SIMULATED');
        await page.close();
      }, 60_000);
    }

    it('fits a 1,280 px window: no table is cut off or needs scrolling, and it shows the serving figures', async () => {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(reportUrl);
      await page.waitForFunction("document.documentElement.hasAttribute('data-charts')");
      const overflow = (await page.evaluate(`({
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          tables: [...document.querySelectorAll('table')].map((table) => {
            const box = table.parentElement;
            return { heading: (table.querySelector('th') || {}).innerText,
              over: Math.max(table.scrollWidth - box.clientWidth, box.scrollWidth - box.clientWidth,
                table.getBoundingClientRect().right - document.documentElement.clientWidth) };
          }),
        })`)) as { page: number; tables: Array<{ heading: string; over: number }> };
      expect(overflow.page).toBeLessThanOrEqual(0);
      expect(overflow.tables.length).toBeGreaterThan(3);
      expect(overflow.tables.filter((table) => table.over > 0)).toEqual([]);
      const serving = (await page.evaluate(
        "[...document.querySelectorAll('table.serving tr')].map((row) => [...row.children].map((cell) => cell.innerText))",
      )) as string[][];
      expect(serving[0]).toEqual(
        expect.arrayContaining(['TTFT p50', 'TTFT p95', 'TTFT p99', 'TPOT p50', 'ITL mean', 'output tok/s']),
      );
      // One row per level for the one chat role, each with a measured TTFT.
      expect(serving.slice(1).map((row) => `${row[0]} ${row[1]}`)).toEqual([
        'c1 planner',
        'c16 planner',
        'c64 planner',
      ]);
      for (const row of serving.slice(1)) expect(row[3]).toMatch(/\d+(\.\d)? ms|\d\.\d+ s/);
      await page.close();
    }, 60_000);

    it('renders the history page with its change-point charts and no errors', async () => {
      const store = new MemoryStore();
      for (let index = 0; index < 8; index++) {
        store.add(
          syntheticRun({
            seed: 400 + index,
            runId: `week-${index}`,
            concurrencies: [1],
            tasksPerLevel: 120,
            startedAt: new Date(Date.UTC(2026, 0, 5) + index * 7 * 86_400_000).toISOString(),
            toolSlowdown: { search_docs: index >= 4 ? 2.5 : 1 },
          }),
        );
      }
      const path = join(directory, 'history.html');
      writeFileSync(
        path,
        renderHistoryHtml(analyseHistory(await historySeries(store, { suite: 'demo-suite' }))),
      );
      const page = await browser!.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(path).href);
      await page.waitForFunction("document.documentElement.hasAttribute('data-charts')");
      const sizes = (await page.evaluate(
        "[...document.querySelectorAll('.chart')].map((el) => { const c = el.querySelector('canvas'); return c ? c.width * c.height : 0; })",
      )) as number[];
      expect(sizes.length).toBeGreaterThan(1);
      expect(sizes.every((size) => size > 0)).toBe(true);
      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(path).href]);
      await page.close();
    }, 60_000);
  },
);
