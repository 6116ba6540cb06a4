/**
 * Re-scores the history series a diagnostics bench kept (`DIAG_KEEP=dir`)
 * with the analysis as it is now, without re-running them: drift series
 * (drift<N>.db) named and dated, flat series (flat<N>.db) with a false first
 * mover, and how the flat series' p-values sit against their nominal rate
 * (under no change, a share p of the tests should fall below p). A change to
 * the method scored on the series that suggested it is not evidence: score
 * it on series kept by a later bench run with new seeds (DIAG_OFFSET).
 *
 *   npm run bench -- history-replay --dir=/path/kept   (or DIAG_KEEP=/path/kept)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyseHistory, historySeries } from '../src/analysis/index.js';
import { SqliteRunStore } from '../src/store/index.js';
import { scoreDrift } from './harness/history-scoring.js';
import { wilson } from './harness/stats.js';

const dirArgument = process.argv.find((argument) => argument.startsWith('--dir='));
const dirOrNone = dirArgument?.slice('--dir='.length) || process.env.DIAG_KEEP;
if (dirOrNone === undefined) {
  // Nothing kept is nothing to replay (`npm run bench` runs every bench).
  console.log('nothing to replay: give the folder a diagnostics run kept (--dir=... or DIAG_KEEP)');
  process.exit(0);
}
const dir: string = dirOrNone;
let listed: string[];
try {
  listed = readdirSync(dir);
} catch {
  console.error(
    `history-replay: cannot read the folder ${dir} (give the DIAG_KEEP folder of a diagnostics run)`,
  );
  process.exit(2);
}
const files = listed
  .filter((file) => /^(drift|flat)\d+\.db$/.test(file))
  .sort((left, right) => Number(left.replace(/\D/g, '')) - Number(right.replace(/\D/g, '')));
if (files.length === 0) {
  console.error(`history-replay: no drift<N>.db or flat<N>.db in ${dir}`);
  process.exit(2);
}

async function load(file: string) {
  const store = new SqliteRunStore(join(dir, file));
  try {
    return await historySeries(store, { suite: 'diag', includeImpaired: true });
  } finally {
    store.close();
  }
}

const cuts = [0.05, 0.01, 0.001];
const below = cuts.map(() => 0);
let flatTests = 0;
let flat = 0;
let flatFalse = 0;
let flatGate = 0;
let drift = 0;
let named = 0;
let dated = 0;
for (const file of files) {
  const history = await load(file);
  const analysis = analyseHistory(history);
  const first = analysis.firstMover;
  if (file.startsWith('flat')) {
    flat++;
    if (analysis.latestRegressions.length > 0) {
      flatGate++;
      const move = analysis.latestRegressions[0]!;
      console.log(
        `  ${file}: latest run regressed on ${analysis.latestRegressions.length} series, e.g. ${move.series.key} (q ${move.adjustedPValue.toFixed(3)}, ${(move.relativeChange * 100).toFixed(0)}%)`,
      );
    }
    if (first !== null) {
      flatFalse++;
      console.log(
        `  ${file}: false first mover ${first.series.key} (${first.test}, run ${first.runIndex + 1}, q ${first.adjustedPValue.toFixed(3)}, ${(first.relativeChange * 100).toFixed(0)}%)`,
      );
    }
    // Every candidate's raw p-value, before the correction and the size rules.
    const all = analyseHistory(history, { falseDiscoveryRate: 1, minRelativeChange: 0, minShareOfE2e: 0 });
    flatTests += all.tests;
    for (const move of all.moves)
      cuts.forEach((cut, index) => {
        if (move.pValue < cut) below[index]!++;
      });
  } else {
    drift++;
    const score = scoreDrift(analysis);
    if (score.named) named++;
    if (score.dated) dated++;
    if (!score.named) console.log(`  ${file}: first mover ${first?.series.key ?? 'none'}`);
  }
}

function wilsonRate(k: number, n: number): string {
  if (n === 0) return '—';
  const [low, high] = wilson(k, n);
  return `${k}/${n} = ${((100 * k) / n).toFixed(1)}% (95% CI ${(100 * low).toFixed(0)}–${(100 * high).toFixed(0)}%)`;
}

console.log(
  `drift series: embed named first mover ${wilsonRate(named, drift)}; named and dated within one run ${wilsonRate(dated, drift)}`,
);
console.log(`flat series: false first mover ${wilsonRate(flatFalse, flat)}`);
console.log(
  `flat series: history --fail-on-regression would fail (a latest-run regression) ${wilsonRate(flatGate, flat)}`,
);
console.log(
  `flat series, raw p-values of ${flatTests} tests: ${cuts.map((cut, index) => `${below[index]} below ${cut} (nominal ${(cut * flatTests).toFixed(1)})`).join('; ')}`,
);
