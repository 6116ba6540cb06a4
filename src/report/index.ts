/** Reports: terminal summary, Markdown and self-contained HTML, plus the run-directory loader. */
export { escapeHtml, escapeMarkdown, jsonForScript } from './escape.js';
export { markdownForTerminal } from './terminal-markdown.js';
export { markdownOfModel, predictedNotice, renderMarkdown, SIMULATED_NOTICE } from './markdown.js';
export type { ReportInput } from './report-input.js';
export { buildReportModel, type LevelView, type ReportModel } from './report-model.js';
export {
  addTaskBreakdown,
  BREAKDOWN_CATEGORIES,
  type BreakdownCategory,
  type CategoryTotals,
  emptyTotals,
  sharesOf,
} from './step-breakdown.js';
export { renderSummaryTable, type SummaryTableOptions } from './summary-table.js';
export { renderTaskTable } from './task-table.js';
export { renderServingTable, SERVING_HEADER, SERVING_NOTE, servingRows } from './serving-rows.js';
export { renderRunList } from './run-list-table.js';
export { renderThresholdList } from './threshold-list.js';
export { colorEnabled, colorsFor } from './terminal-color.js';
export { htmlOfModel, renderHtml } from './html/html-report.js';
export { renderPage, type PageParts } from './html/page-shell.js';
export { isRunDirectory, loadRunDirectory, readJsonLines } from './load-run-dir.js';
export { partialRunWarnings, type ResolvedRun, resolveRun } from './resolve-run.js';
export { type ResolvedReport, resolveReportModel, streamRunDirectory } from './resolve-report-model.js';
export { streamReportModel } from './stream-report-model.js';
export { lastRuns, resolveSide } from './resolve-side.js';
export { renderComparisonMarkdown } from './comparison-markdown.js';
export { firstMoverSentence, renderHistoryMarkdown } from './history-markdown.js';
export { renderHistoryHtml } from './html/history-html.js';
export { renderScorecardMarkdown } from './scorecard-markdown.js';
export { renderCapacityMarkdown } from './capacity-markdown.js';
export { renderCapacityTerminal } from './capacity-terminal.js';
export { renderCapacityHtml } from './html/capacity-html.js';
export { placementRows, renderPlacements, type PlacementRow } from './placement-table.js';
