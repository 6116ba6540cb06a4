/**
 * The report page's script, shipped as text and inlined (its hash goes in
 * the page's CSP). It reads the JSON data block and draws the charts with
 * uPlot. Untrusted strings reach the page only through textContent and
 * canvas text, never as HTML.
 */
export const CHART_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var PALETTE = ['#3b82f6', '#f97316', '#10b981', '#e11d48', '#8b5cf6', '#eab308', '#06b6d4', '#84cc16', '#a16207', '#64748b'];
  var charts = [];
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'; }
  function fmtMs(v) {
    if (v == null || isNaN(v)) return '—';
    if (Math.abs(v) >= 1000) return (v / 1000).toFixed(2) + ' s';
    return v.toFixed(Math.abs(v) >= 100 ? 0 : 1) + ' ms';
  }
  function fmtUsd(v) { return v == null ? '—' : '$' + (v >= 0.01 ? v.toFixed(4) : v.toPrecision(3)); }
  function fmtPct(v) { return v == null ? '—' : (v * 100).toFixed(1) + '%'; }
  function widthOf(el) { return Math.max(280, el.clientWidth || 560); }
  function axes(xLabel, yLabel, xValues, yValues) {
    var fg = css('--fg'), grid = css('--rule');
    return [
      { label: xLabel, stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: xValues },
      { label: yLabel, stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: yValues, size: 70 }
    ];
  }
  function mount(id, options, aligned) {
    var el = document.getElementById(id);
    if (!el) return;
    options.width = widthOf(el);
    options.height = options.height || 260;
    charts.push({ el: el, plot: new uPlot(options, aligned, el) });
  }
  function levelIndexValues(u, splits) {
    return splits.map(function (v) {
      var level = data.levels[Math.round(v)];
      return Number.isInteger(v) && level ? level.label : '';
    });
  }
  var levelX = data.levels.map(function (_, i) { return i; });
  var levelScale = { x: { time: false, range: [-0.5, Math.max(0.5, data.levels.length - 0.5)] } };
  function msTicks(u, splits) { return splits.map(fmtMs); }

  // Latency CDF per level (curves share one x axis: uPlot.join aligns them, gaps spanned).
  (function () {
    var tables = data.levels.map(function (level) { return [level.cdf.ms, level.cdf.fraction]; });
    if (!tables.length || !tables[0][0].length) return;
    var aligned = uPlot.join(tables);
    mount('chart-cdf', {
      scales: { x: { time: false }, y: { range: [0, 1] } },
      axes: axes('end-to-end latency', 'fraction of tasks', msTicks, function (u, s) { return s.map(fmtPct); }),
      series: [{ label: 'latency', value: function (u, v) { return fmtMs(v); } }].concat(data.levels.map(function (level, i) {
        return { label: level.label, stroke: PALETTE[i % PALETTE.length], width: 2, spanGaps: true,
          value: function (u, v) { return fmtPct(v); } };
      }))
    }, aligned);
  })();

  // p50/p95/p99 and steps/s against load.
  mount('chart-load', {
    scales: Object.assign({ ms: {}, steps: {} }, levelScale),
    axes: [
      { label: 'load level', stroke: css('--fg'), values: levelIndexValues, grid: { stroke: css('--rule') } },
      { label: 'latency', scale: 'ms', stroke: css('--fg'), values: msTicks, size: 70, grid: { stroke: css('--rule') } },
      { label: 'steps/s', scale: 'steps', side: 1, stroke: css('--fg'), grid: { show: false } }
    ],
    series: [{ label: 'level', value: function (u, v) { return v == null ? '—' : data.levels[v].label; } },
      { label: 'p50', scale: 'ms', stroke: PALETTE[0], width: 2, value: function (u, v) { return fmtMs(v); } },
      { label: 'p95', scale: 'ms', stroke: PALETTE[1], width: 2, value: function (u, v) { return fmtMs(v); } },
      { label: 'p99', scale: 'ms', stroke: PALETTE[3], width: 2, value: function (u, v) { return fmtMs(v); } },
      { label: 'steps/s', scale: 'steps', stroke: PALETTE[2], width: 2, dash: [6, 4] }]
  }, [levelX, data.levels.map(function (l) { return l.p50; }), data.levels.map(function (l) { return l.p95; }),
      data.levels.map(function (l) { return l.p99; }), data.levels.map(function (l) { return l.stepsPerSecond; })]);

  // Quality-conditioned against all-task latency.
  mount('chart-quality', {
    scales: levelScale,
    axes: axes('load level', 'latency', levelIndexValues, msTicks),
    series: [{ label: 'level', value: function (u, v) { return v == null ? '—' : data.levels[v].label; } },
      { label: 'all p50', stroke: PALETTE[0], width: 2, value: function (u, v) { return fmtMs(v); } },
      { label: 'passed p50', stroke: PALETTE[0], width: 2, dash: [6, 4], value: function (u, v) { return fmtMs(v); } },
      { label: 'all p95', stroke: PALETTE[1], width: 2, value: function (u, v) { return fmtMs(v); } },
      { label: 'passed p95', stroke: PALETTE[1], width: 2, dash: [6, 4], value: function (u, v) { return fmtMs(v); } }]
  }, [levelX, data.levels.map(function (l) { return l.p50; }), data.levels.map(function (l) { return l.passedP50; }),
      data.levels.map(function (l) { return l.p95; }), data.levels.map(function (l) { return l.passedP95; })]);

  // Cost per task against p95 per task (one point per task and level).
  (function () {
    var tables = data.levels.map(function (level) {
      var points = data.perTask.filter(function (p) { return p.level === level.label && p.costMean != null && p.p95 != null; })
        .sort(function (a, b) { return a.costMean - b.costMean; });
      return [points.map(function (p) { return p.costMean; }), points.map(function (p) { return p.p95; })];
    }).filter(function (t) { return t[0].length > 0; });
    var levels = data.levels.filter(function (level) {
      return data.perTask.some(function (p) { return p.level === level.label && p.costMean != null && p.p95 != null; });
    });
    if (!tables.length) { var el = document.getElementById('chart-cost'); if (el) el.textContent = 'No priced tasks.'; return; }
    mount('chart-cost', {
      scales: { x: { time: false } },
      axes: (function () { var a = axes('mean cost per task', 'task p95', function (u, s) { return s.map(fmtUsd); }, msTicks); a[0].space = 90; return a; })(),
      series: [{ label: 'cost', value: function (u, v) { return fmtUsd(v); } }].concat(levels.map(function (level, i) {
        return { label: level.label, stroke: PALETTE[i % PALETTE.length], fill: PALETTE[i % PALETTE.length],
          paths: function () { return null; }, points: { show: true, size: 9 }, value: function (u, v) { return fmtMs(v); } };
      }))
    }, uPlot.join(tables));
  })();

  // Critical-path share by step category, stacked bars per level (tallest drawn first so lower bands overlay it).
  (function () {
    var categories = data.categories.filter(function (c) {
      return data.levels.some(function (l) { return l.shares[c] > 0; });
    });
    var cumulative = [];
    var running = data.levels.map(function () { return 0; });
    categories.forEach(function (c) {
      running = running.map(function (sum, i) { return sum + data.levels[i].shares[c]; });
      cumulative.push(running.slice());
    });
    var order = categories.map(function (_, i) { return categories.length - 1 - i; });
    var bars = uPlot.paths.bars({ size: [0.6, 80] });
    mount('chart-breakdown', {
      scales: Object.assign({ y: { range: [0, 1] } }, levelScale),
      axes: axes('load level', 'share of critical path', levelIndexValues, function (u, s) { return s.map(fmtPct); }),
      series: [{ label: 'level', value: function (u, v) { return v == null ? '—' : data.levels[v].label; } }].concat(order.map(function (ci) {
        var c = categories[ci];
        var color = PALETTE[data.categories.indexOf(c) % PALETTE.length];
        return { label: c, stroke: color, fill: color, paths: bars, points: { show: false },
          value: function (u, v, si, idx) { return idx == null ? '—' : fmtPct(data.levels[idx].shares[c]); } };
      }))
    }, [levelX].concat(order.map(function (ci) { return cumulative[ci]; })));
  })();

  // Waterfalls: one row per span, bars drawn on the plot canvas in a draw hook.
  data.waterfalls.forEach(function (w, wi) {
    var rows = w.bars.length;
    var end = Math.max(w.e2eMs, w.bars.reduce(function (m, b) { return Math.max(m, b.endMs); }, 0));
    mount('chart-waterfall-' + wi, {
      height: Math.max(160, 60 + rows * 22),
      scales: { x: { time: false, range: [0, end] }, y: { range: [-0.5, rows - 0.5], dir: -1 } },
      legend: { show: false },
      axes: [
        { label: 'ms since scheduled start', stroke: css('--fg'), values: msTicks, grid: { stroke: css('--rule') } },
        { stroke: css('--fg'), size: 180, grid: { show: false }, splits: function () { return w.bars.map(function (_, i) { return i; }); },
          values: function (u, s) { return s.map(function (i) { var b = w.bars[i]; return b ? (b.kind + ' ' + b.name).slice(0, 22) : ''; }); } }
      ],
      series: [{}, { stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [function (u) {
        var ctx = u.ctx;
        ctx.save();
        var h = Math.max(4, Math.abs(u.valToPos(1, 'y', true) - u.valToPos(0, 'y', true)) * 0.6);
        w.bars.forEach(function (b, i) {
          var x0 = u.valToPos(b.startMs, 'x', true), x1 = u.valToPos(b.endMs, 'x', true), y = u.valToPos(i, 'y', true);
          var color = PALETTE[data.categories.indexOf(b.kind === 'chat' ? 'chat decode' : b.kind) % PALETTE.length] || PALETTE[9];
          ctx.fillStyle = b.status !== 'ok' ? '#dc2626' : color;
          ctx.fillRect(x0, y - h / 2, Math.max(1, x1 - x0), h);
          if (b.ttftMs != null) {
            ctx.fillStyle = PALETTE[0];
            ctx.fillRect(x0, y - h / 2, Math.max(1, u.valToPos(b.startMs + b.ttftMs, 'x', true) - x0), h);
          }
        });
        ctx.restore();
      }] }
    }, [[0, end], [null, null]]);
  });

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: c.plot.height }); });
    }, 150);
  });
  window.addEventListener('beforeprint', function () {
    charts.forEach(function (c) { c.plot.setSize({ width: 640, height: c.plot.height }); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.chart'), function (el) {
    if (!el.querySelector('canvas') && !el.textContent) el.textContent = 'No data for this chart.';
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
`;
