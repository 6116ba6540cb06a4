import { SCRIPT_PROLOGUE } from './script-prologue.js';

/** The capacity page's script: each SLO metric against load, its 95% band, the bound and the answer marked. */
export const CAPACITY_SCRIPT = `
(function () {${SCRIPT_PROLOGUE}
  data.charts.forEach(function (chart, ci) {
    var el = document.getElementById('chart-capacity-' + ci);
    if (!el) return;
    var plot = new uPlot({
      width: widthOf(el), height: 220,
      scales: { x: { time: false } },
      axes: [
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, label: chart.loadUnit },
        { stroke: css('--fg'), grid: { stroke: css('--rule') }, size: 70, label: chart.valueUnit }
      ],
      series: [{ label: chart.loadUnit },
        { label: chart.metric, stroke: '#3b82f6', width: 2, spanGaps: true, points: { show: true, size: 6 } },
        { label: '95% low', stroke: '#93c5fd', dash: [4, 4], spanGaps: true },
        { label: '95% high', stroke: '#93c5fd', dash: [4, 4], spanGaps: true }],
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        ctx.save();
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        ctx.strokeStyle = '#e11d48';
        var py = u.valToPos(chart.bound, 'y', true);
        ctx.beginPath(); ctx.moveTo(u.bbox.left, py); ctx.lineTo(u.bbox.left + u.bbox.width, py); ctx.stroke();
        if (chart.capacity !== null) {
          ctx.strokeStyle = '#16a34a';
          var px = u.valToPos(chart.capacity, 'x', true);
          ctx.beginPath(); ctx.moveTo(px, u.bbox.top); ctx.lineTo(px, u.bbox.top + u.bbox.height); ctx.stroke();
        }
        ctx.restore();
      }] }
    }, [chart.loads, chart.estimate, chart.low, chart.high], el);
    charts.push({ el: el, plot: plot });
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: 220 }); });
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`;
