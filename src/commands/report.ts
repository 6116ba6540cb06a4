import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStore } from '../spec/index.js';
import { htmlOfModel, markdownOfModel, resolveReportModel } from '../report/index.js';

export interface ReportCommandArgs {
  /** Run id (store or runs directory) or a run directory path. */
  run: string;
  /** Directory to write into; defaults to the run's own directory. */
  out?: string;
  format?: 'html' | 'md' | 'both';
}

export interface AnalysisCommandDeps {
  store: RunStore | null;
  runsDir: string;
  /** Where human output goes; defaults to stdout. */
  write?: (text: string) => void;
}

/** `agentperf report RUN`: writes report.html and/or report.md for a run. Exit code 0. */
export async function reportCommand(args: ReportCommandArgs, deps: AnalysisCommandDeps): Promise<number> {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const { model, warnings, directory: runDirectory } = await resolveReportModel(args.run, deps);
  for (const warning of warnings) process.stderr.write(`agentperf: warning: ${warning}\n`);
  const directory = args.out ?? runDirectory ?? join(deps.runsDir, model.results.runId);
  mkdirSync(directory, { recursive: true });
  const format = args.format ?? 'both';
  const written: string[] = [];
  if (format !== 'md') {
    const path = join(directory, 'report.html');
    writeFileSync(path, htmlOfModel(model));
    written.push(path);
  }
  if (format !== 'html') {
    const path = join(directory, 'report.md');
    writeFileSync(path, markdownOfModel(model));
    written.push(path);
  }
  write(`${written.map((path) => `wrote ${path}`).join('\n')}\n`);
  return 0;
}
