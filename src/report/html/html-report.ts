import type { ReportInput } from '../report-input.js';
import { buildReportModel, type ReportModel } from '../report-model.js';
import { CHART_SCRIPT } from './chart-script.js';
import { renderPage } from './page-shell.js';
import { reportBody } from './report-body.js';
import { reportChartData } from './report-data.js';

/**
 * report.html: one self-contained page (chart library, styles and data
 * inline; a CSP that forbids network and foreign script) whose size depends
 * on the number of levels and tasks types, not on the number of tasks run.
 */
export function renderHtml(input: ReportInput): string {
  return htmlOfModel(buildReportModel(input));
}

/** Renders an already-built model (shared with the Markdown report to aggregate once). */
export function htmlOfModel(model: ReportModel): string {
  const results = model.results;
  return renderPage({
    title: `agentperf ${results.simulated ? '[SIMULATED] ' : ''}${results.suite} · ${results.runId}`,
    bodyHtml: reportBody(model),
    data: reportChartData(model),
    script: CHART_SCRIPT,
  });
}
