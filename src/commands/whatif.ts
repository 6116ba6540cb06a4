import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import {
  buildReportModel,
  htmlOfModel,
  markdownOfModel,
  renderPlacements,
  renderSummaryTable,
  resolveRun,
} from '../report/index.js';
import type { RunResults } from '../spec/index.js';
import { chooseFabric, predictRun, recordedFabricChoice } from '../whatif/index.js';
import { DEFAULT_SUITE } from './default-suite.js';
import { jsonLinesText, parseRoleModels } from './run-directory-files.js';
import type { AnalysisCommandDeps } from './report.js';

export interface WhatIfCommandArgs {
  /** Run id or run directory of the recorded run. */
  run: string;
  /** Targets, comma-separated: fabrics of the recorded suite, builtin:NAME or simulator fabric YAML files. */
  fabric: string;
  /** Closed-loop levels to predict, e.g. "1,16,64"; default: the recorded levels. */
  levels?: string;
  /** ROLE=MODEL bindings on the target fabric. */
  models?: string[];
  /** Where the predicted run directory goes (default: the runs directory). */
  out?: string;
  seed?: number;
}

/**
 * `agentperf whatif RUN --fabric F`: predicts a recorded run on another
 * simulated fabric in seconds, without running a task, and writes the
 * prediction as a run directory (results.json with `predicted: true`).
 */
export async function whatifCommand(args: WhatIfCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const recorded = await resolveRun(args.run, deps);
  if (recorded.results.predicted) {
    throw new UsageError(
      `run ${recorded.results.runId} is itself a prediction`,
      'give whatif a run that was measured (agentperf run)',
    );
  }
  const suiteFabrics =
    recorded.results.suite === DEFAULT_SUITE.name ? (DEFAULT_SUITE.fabrics as Record<string, unknown>) : {};
  const targets = args.fabric
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => chooseFabric(name, parseRoleModels(args.models ?? []), suiteFabrics));
  if (targets.length === 0)
    throw new UsageError('--fabric names no fabric', 'e.g. --fabric sim-heterogeneous');
  const outDir = resolve(args.out ?? deps.runsDir);
  const predictions: RunResults[] = [];
  for (const target of targets) {
    const started = performance.now();
    const predicted = predictRun(recorded, {
      target,
      source: recordedFabricChoice(recorded.results),
      ...(args.levels === undefined ? {} : { levels: parseLevels(args.levels) }),
      seed: args.seed ?? recorded.results.seed,
    });
    const directory = join(outDir, predicted.results.runId);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'results.json'), `${JSON.stringify(predicted.results, null, 2)}\n`);
    writeFileSync(join(directory, 'tasks.jsonl'), jsonLinesText(predicted.tasks));
    writeFileSync(join(directory, 'spans.jsonl'), jsonLinesText(predicted.spans));
    const model = buildReportModel(predicted);
    writeFileSync(join(directory, 'report.md'), markdownOfModel(model));
    writeFileSync(join(directory, 'report.html'), htmlOfModel(model));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    write(
      `PREDICTED (not measured): ${recorded.results.suite} on ${target.name}, from run ${recorded.results.runId} on ${recorded.results.fabric}, in ${seconds} s\n`,
    );
    write(
      `${renderSummaryTable(predicted.results, { color: false, width: process.stdout.columns ?? 100 }).trimEnd()}\n`,
    );
    const lent = Object.entries(predicted.prediction.overheadFrom);
    if (lent.length > 0)
      write(
        `note: the recorded harness warned at ${lent.map(([level]) => level).join(', ')}; their client-side overhead per step is taken from ${lent.map(([level, from]) => `${from} (for ${level})`).join(', ')}, so the recording's own delay is not predicted for ${target.name}\n`,
      );
    write(`prediction: ${directory}/results.json · report: ${directory}/report.html\n\n`);
    predictions.push(predicted.results);
  }
  // The recorded run beside its predictions: the placement trade-off in one table.
  const placements = renderPlacements([recorded.results, ...predictions]);
  const base = join(outDir, `${recorded.results.runId}-placements`);
  writeFileSync(`${base}.md`, placements.markdown);
  writeFileSync(`${base}.html`, placements.html);
  write(`placements side by side (measured and predicted): ${base}.html\n`);
  return 0;
}

function parseLevels(text: string): number[] {
  const levels = text.split(',').map((part) => Number(part.trim()));
  if (
    levels.length === 0 ||
    levels.some((level) => !Number.isInteger(level) || level < 1 || level > 100_000)
  ) {
    throw new UsageError(
      `--levels ${text} is not a list of agent counts`,
      'e.g. --levels 1,16,64 (each 1..100000)',
    );
  }
  return levels;
}
