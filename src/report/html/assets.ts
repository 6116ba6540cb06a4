import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The chart library's browser build and stylesheet, read once from node_modules and inlined into reports. */
export interface ChartAssets {
  script: string;
  style: string;
}

let cached: ChartAssets | null = null;

/** uPlot (MIT, ~50 KB): small, fast canvas charts with no dependencies and no network use. */
export function chartAssets(): ChartAssets {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  const script = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const style = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  cached = { script, style };
  return cached;
}
