/** The report page's stylesheet: light and dark from the reader's preference, and a clean printout. */
export const PAGE_STYLE = `
:root { --bg: #ffffff; --fg: #1d2330; --muted: #5b6473; --rule: #d9dde5; --card: #f6f7f9;
  --warn-bg: #fff4d6; --warn-fg: #6b4a00; --bad: #b42318; --good: #067647; color-scheme: light dark; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171d; --fg: #e6e9ef; --muted: #9aa3b2; --rule: #2c323d; --card: #1c2028;
    --warn-bg: #3d3005; --warn-fg: #ffd970; --bad: #ff8a80; --good: #6ce9a6; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta, .note { color: var(--muted); }
.banner { background: var(--warn-bg); color: var(--warn-fg); border: 1px solid currentColor; border-radius: 6px;
  padding: 10px 14px; margin: 12px 0; font-weight: 600; }
.sim-badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .04em; padding: 1px 6px;
  margin-left: 8px; border-radius: 4px; background: var(--warn-bg); color: var(--warn-fg); vertical-align: middle; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-variant-numeric: tabular-nums; }
th, td { text-align: right; padding: 4px 8px; border-bottom: 1px solid var(--rule); white-space: nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; overflow-wrap: anywhere; }
th { color: var(--muted); font-weight: 600; white-space: normal; vertical-align: bottom; }
div.scroll { overflow-x: auto; }
/* The interval goes under its figure, so the widest table fits a 1,280 px window without scrolling. */
.ci { display: block; color: var(--muted); font-size: 12px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--rule); border-radius: 8px; padding: 12px; min-width: 0; }
.chart { width: 100%; min-height: 260px; }
.fail { color: var(--bad); font-weight: 600; } .pass { color: var(--good); }
ul.warnings { margin: 4px 0; padding-left: 20px; }
.uplot, .uplot .u-legend { font-family: inherit; color: var(--fg); }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --rule: #bbb; --card: #fff; --warn-bg: #fff; --warn-fg: #000; }
  body { max-width: none; padding: 0; font-size: 11px; }
  .grid { display: block; }
  .card { break-inside: avoid; margin-bottom: 12px; }
  h2 { break-after: avoid; }
  .banner { border-width: 2px; }
}
`;
