import { SCRIPT_PROLOGUE } from './script-prologue.js';

/** The history page's script: one line chart per series, change points as dashed vertical lines. */
export const HISTORY_SCRIPT = `
(function () {${SCRIPT_PROLOGUE}
  var x = data.runs.map(function (_, i) { return i; });
  // Axis titles and tick labels carry the unit; a value label never needs the legend to be read.
  var UNIT_TITLE = { ms: 'latency', usd: 'US dollars', fraction: 'share of tasks', 'per-second': 'per second' };
  function tick(unit, v) {
    if (v == null) return '';
    if (unit === 'ms') return Math.abs(v) >= 1000 ? (v / 1000).toFixed(Math.abs(v) >= 10000 ? 0 : 1) + ' s' : v.toFixed(0) + ' ms';
    if (unit === 'usd') return '$' + (Math.abs(v) >= 1 ? v.toFixed(2) : Number(v.toPrecision(2)).toString());
    if (unit === 'fraction') return (v * 100).toFixed(0) + '%';
    return v.toFixed(Math.abs(v) >= 10 ? 0 : 1) + '/s';
  }
  // Dates are about 70 px wide: label every k-th run so no two labels overlap.
  function runSplits(u) {
    var every = Math.max(1, Math.ceil(x.length * 76 / Math.max(1, u.bbox.width / (window.devicePixelRatio || 1))));
    var splits = [];
    for (var i = 0; i < x.length; i += every) splits.push(i);
    return splits;
  }
  data.series.forEach(function (series, si) {
    var el = document.getElementById('chart-series-' + si);
    if (!el) return;
    var plot = new uPlot({
      width: widthOf(el), height: 200,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, x.length - 0.5)] } },
      axes: [
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, label: 'run start date (UTC)', labelSize: 20,
          splits: runSplits,
          values: function (u, s) {
            return s.map(function (v) { var run = data.runs[v]; return Number.isInteger(v) && run ? run.date : ''; });
          } },
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, size: 70, label: UNIT_TITLE[series.unit] || '', labelSize: 20,
          values: function (u, s) { return s.map(function (v) { return tick(series.unit, v); }); } }
      ],
      series: [{ label: 'run', value: function (u, v) { return v == null || !data.runs[v] ? '—' : data.runs[v].runId; } },
        { label: series.key, stroke: '#3b82f6', width: 2, spanGaps: true, points: { show: true, size: 5 },
          value: function (u, v) { return tick(series.unit, v); } }],
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = '#e11d48';
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        series.changes.forEach(function (index) {
          var px = u.valToPos(index - 0.5, 'x', true);
          ctx.beginPath();
          ctx.moveTo(px, u.bbox.top);
          ctx.lineTo(px, u.bbox.top + u.bbox.height);
          ctx.stroke();
        });
        ctx.restore();
      }] }
    }, [x, series.values], el);
    charts.push({ el: el, plot: plot });
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: 200 }); });
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`;
