import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonForScript, renderHtml } from '../../src/report/index.js';
import { syntheticRun } from './support/synthetic-run.js';

const HOSTILE = '</script><script>window.__pwned=1</script>\u2028<!--';

function blocks(html: string, tag: 'script' | 'style'): { attributes: string; body: string }[] {
  const pattern = new RegExp(`<${tag}([^>]*)>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(pattern)].map((match) => ({ attributes: match[1]!, body: match[2]! }));
}

describe('renderHtml', () => {
  const run = syntheticRun({ concurrencies: [1, 16], hostile: HOSTILE, taskNames: ['qa', `x${HOSTILE}`] });
  const html = renderHtml(run);

  it('lists the sha256 of every executable script and style block in a restrictive CSP', () => {
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)![1]!
      .replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain('img-src data:');
    expect(policy).not.toContain('unsafe-inline');
    const executable = blocks(html, 'script').filter(
      (block) => !block.attributes.includes('application/json'),
    );
    expect(executable.length).toBe(2);
    for (const block of [...executable, ...blocks(html, 'style')]) {
      const hash = createHash('sha256').update(block.body, 'utf8').digest('base64');
      expect(policy).toContain(`'sha256-${hash}'`);
    }
  });

  it('inlines the data as JSON that cannot close its element and round-trips exactly', () => {
    const data = blocks(html, 'script').find((block) => block.attributes.includes('application/json'))!;
    expect(data.body).not.toMatch(/[<>&\u2028\u2029]/);
    const parsed = JSON.parse(data.body) as { perTask: { task: string }[] };
    expect(parsed.perTask.map((entry) => entry.task)).toContain(`x${HOSTILE}`);
    expect(jsonForScript({ text: '</script>&\u2029' })).toBe(
      '{"text":"\\u003c/script\\u003e\\u0026\\u2029"}',
    );
  });

  it('escapes run strings in the markup and loads nothing from the network', () => {
    expect(html.match(/<script/g)!.length).toBe(3);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=1');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('carries aggregates, not records: size barely grows with the number of tasks', () => {
    const small = renderHtml(syntheticRun({ concurrencies: [1, 16], tasksPerLevel: 200 })).length;
    const large = renderHtml(syntheticRun({ concurrencies: [1, 16], tasksPerLevel: 4000 })).length;
    expect(large).toBeLessThan(small * 1.2);
  });

  it('marks the page and every chart card as simulated when it is, and not otherwise', () => {
    expect(html).toContain('class="banner"');
    expect(html.match(/class="sim-badge"/g)!.length).toBeGreaterThan(5);
    const real = renderHtml(syntheticRun({ simulated: false }));
    expect(real).not.toContain('class="sim-badge"');
    expect(real).not.toContain('class="banner"');
  });
});
