import { SCRIPT_PROLOGUE } from './script-prologue.js';

/** The history page's script: one line chart per series, change points as dashed vertical lines. */
export const HISTORY_SCRIPT = `
(function () {${SCRIPT_PROLOGUE}
  var x = data.runs.map(function (_, i) { return i; });
  data.series.forEach(function (series, si) {
    var el = document.getElementById('chart-series-' + si);
    if (!el) return;
    var plot = new uPlot({
      width: widthOf(el), height: 200,
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, x.length - 0.5)] } },
      axes: [
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, values: function (u, s) {
          return s.map(function (v) { var run = data.runs[v]; return Number.isInteger(v) && run ? run.date : ''; });
        } },
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, size: 70 }
      ],
      series: [{ label: 'run', value: function (u, v) { return v == null || !data.runs[v] ? '—' : data.runs[v].runId; } },
        { label: series.key, stroke: '#3b82f6', width: 2, spanGaps: true, points: { show: true, size: 5 } }],
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
