import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/index.js';
import { syntheticRun } from './support/synthetic-run.js';

describe('renderMarkdown', () => {
  it('shows the four numbers per level with intervals, per task, step kinds, health and environment', () => {
    const run = syntheticRun({ concurrencies: [1, 16] });
    const markdown = renderMarkdown(run);
    const level = run.results.levels[1]!;
    const row = markdown.split('\n').find((line) => line.startsWith('| c16 |'))!;
    expect(row).toContain('16 agents');
    expect(row).toContain(String(level.tasksCompleted));
    // p95 with its interval, formatted in seconds.
    expect(row).toContain(`${(level.e2eMs.p95! / 1000).toFixed(2)} s [`);
    expect(row).toContain(`${(level.passRate! * 100).toFixed(1)}%`);
    expect(markdown).toContain('| support-qa |');
    expect(markdown).toMatch(/\| chat \| 400 \|/);
    expect(markdown).toContain('Critical path from the spans: chat prefill');
    expect(markdown).toContain('## Harness health');
    expect(markdown).toContain('git revision abc1234');
    expect(markdown).toContain('p99 from 200 samples');
  });

  it('puts a SIMULATED banner first when the simulator produced the numbers, and none otherwise', () => {
    const simulated = renderMarkdown(syntheticRun({ simulated: true }));
    const real = renderMarkdown(syntheticRun({ simulated: false }));
    expect(simulated.split('\n').slice(0, 4).join('\n')).toContain('SIMULATED');
    expect(real).not.toContain('SIMULATED');
  });

  it('neutralises HTML and table syntax in names from the run', () => {
    const markdown = renderMarkdown(
      syntheticRun({ taskNames: ['<script>alert(1)</script>|col'], hostile: '<img src=x onerror=alert(1)>' }),
    );
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\|col');
  });

  it('recomputed critical-path shares sum to 100%', () => {
    const markdown = renderMarkdown(syntheticRun({ concurrencies: [4] }));
    const line = markdown.split('\n').find((text) => text.startsWith('Critical path from the spans'))!;
    const total = [...line.matchAll(/([\d.]+)%/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(total).toBeGreaterThan(99.5);
    expect(total).toBeLessThan(100.5);
  });
});
