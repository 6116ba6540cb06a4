/** The opening every chart page script shares: the page data, the chart list and theme-aware sizing helpers. */
export const SCRIPT_PROLOGUE = `
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'; }
  function widthOf(el) { return Math.max(280, el.clientWidth || 560); }`;
