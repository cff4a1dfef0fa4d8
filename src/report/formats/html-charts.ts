/**
 * The report page's own script, as text (this project compiles without the DOM lib). It reads the report
 * JSON and the page's words (both data blocks in the page) and draws uPlot charts: override rate per decision
 * (bars), the weekly trend (shown cards and override rate), the override reasons (bars) and, when the period
 * holds more than one, the override rate per rules version and config (bars). Nothing is fetched.
 * Each chart has a title (its figure caption), units on its axes and a legend naming its series. The weekly
 * axis runs over the data's own weeks (ISO weeks as the dates of their Mondays) and the labels it drew are
 * left in the chart's `data-x-labels`, so a test reads what a committee sees.
 */
export const CHARTS_SCRIPT = String.raw`(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  var w = JSON.parse(document.getElementById("report-words").textContent);
  if (!report.has_data) return;
  var WIDTH = 620, HEIGHT = 320, DAY = 86400, WEEK = 7 * DAY;
  var dayFormat = new Intl.DateTimeFormat(w.locale, { month: "short", day: "numeric", timeZone: "UTC" });
  var yearFormat = new Intl.DateTimeFormat(w.locale, { year: "numeric", timeZone: "UTC" });
  var numberFormat = new Intl.NumberFormat(w.locale, { maximumFractionDigits: 1 });
  var fmt = function (v) { return v === null || v === undefined ? "" : numberFormat.format(v); };
  // Two series side by side: the first bar left of its tick, the second right of it.
  var pairedBars = [uPlot.paths.bars({ size: [0.35, 60], align: -1 }), uPlot.paths.bars({ size: [0.35, 60], align: 1 })];
  var pct = function (r) { return r === null || r === undefined ? null : Math.round(r * 1000) / 10; };
  function ordinal(el, labels, series, yLabel, xLabel) {
    var xs = labels.map(function (_l, i) { return i; });
    el.dataset.xLabels = JSON.stringify(labels);
    return new uPlot({
      width: WIDTH, height: HEIGHT,
      legend: { show: true, live: false },
      padding: [12, 56, 0, 0],
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: function (_u, _min, max) { return [0, Math.max(1, max) * 1.1]; } } },
      axes: [
        // Codes are long: slanted, so neighbours never overlap.
        { label: xLabel, splits: function () { return xs; }, values: function (_u, splits) { return splits.map(function (i) { return labels[i] === undefined ? "" : labels[i]; }); }, rotate: -30, size: 110, gap: 4 },
        { label: yLabel, values: function (_u, vals) { return vals.map(fmt); } },
      ],
      series: [{ label: xLabel }].concat(series.map(function (s) { return { label: s.label, stroke: s.colour, fill: s.colour + "cc", paths: pairedBars[s.index], points: { show: false }, value: function (_u, v) { return fmt(v); } }; })),
    }, [xs].concat(series.map(function (s) { return s.values; })), el);
  }
  var rows = report.rows;
  ordinal(document.getElementById("chart-rate"), rows.map(function (r) { return r.decision_code; }), [
    { label: w.rateWithFeedback, colour: "#c0392b", index: 0, values: rows.map(function (r) { return pct(r.override_rate); }) },
    { label: w.ratePerShown, colour: "#e59866", index: 1, values: rows.map(function (r) { return pct(r.override_rate_per_shown); }) },
  ], w.rateY, w.rateX);

  // The weekly trend: x is each ISO week's Monday (UTC), the axis spans the data's first to last week, half a
  // week either side, and its ticks fall on Mondays (every k-th, at most 8 labels).
  var weeks = report.weeks;
  var weekEl = document.getElementById("chart-weeks");
  var mondays = weeks.map(function (x) { return Date.parse(x.week_start + "T00:00:00Z") / 1000; });
  var first = mondays[0], last = mondays[mondays.length - 1];
  var span = Math.round((last - first) / WEEK) + 1;
  var step = Math.max(1, Math.ceil(span / 8));
  var ticks = [];
  for (var t = first; t <= last; t += step * WEEK) ticks.push(t);
  var years = yearFormat.format(new Date(first * 1000));
  if (yearFormat.format(new Date(last * 1000)) !== years) years += "–" + yearFormat.format(new Date(last * 1000));
  var weekLabel = function (t) { return dayFormat.format(new Date(t * 1000)); };
  weekEl.dataset.xLabels = JSON.stringify(ticks.map(weekLabel));
  weekEl.dataset.xRange = JSON.stringify([weeks[0].week_start, weeks[weeks.length - 1].week_start]);
  new uPlot({
    width: WIDTH, height: HEIGHT,
    legend: { live: false },
    scales: {
      x: { time: true, range: [first - WEEK / 2, last + WEEK / 2] },
      cards: { range: function (_u, _min, max) { return [0, Math.max(1, max) * 1.1]; } },
      pct: { range: [0, 100] },
    },
    axes: [
      { label: w.weeksX + ", " + years, splits: function () { return ticks; }, values: function (_u, splits) { return splits.map(weekLabel); } },
      { scale: "cards", label: w.weeksCards, values: function (_u, vals) { return vals.map(fmt); } },
      { scale: "pct", side: 1, label: w.weeksPct, grid: { show: false }, values: function (_u, vals) { return vals.map(fmt); } },
    ],
    series: [
      { label: w.week, value: function (_u, v) { return v === null ? "" : weekLabel(v); } },
      { label: w.shown, scale: "cards", stroke: "#2e86c1", width: 2, points: { show: true, size: 6 } },
      { label: w.withFeedback, scale: "cards", stroke: "#27ae60", width: 2, points: { show: true, size: 6 } },
      { label: w.overrideRate, scale: "pct", stroke: "#c0392b", width: 2, dash: [6, 4], points: { show: true, size: 6 } },
    ],
  }, [
    mondays,
    weeks.map(function (x) { return x.shown; }),
    weeks.map(function (x) { return x.with_feedback; }),
    weeks.map(function (x) { return pct(x.override_rate); }),
  ], weekEl);

  var versions = report.by_version || [];
  var versionEl = document.getElementById("chart-versions");
  if (versionEl && versions.length) {
    ordinal(versionEl, versions.map(function (v) { return (v.rules_version === "unknown" ? "" : "v") + v.rules_version + " · " + v.config_hash; }), [
      { label: w.rateWithFeedback, colour: "#c0392b", index: 0, values: versions.map(function (v) { return pct(v.override_rate); }) },
      { label: w.ratePerShown, colour: "#e59866", index: 1, values: versions.map(function (v) { return pct(v.override_rate_per_shown); }) },
    ], w.versionsY, w.versionsX);
  }

  var reasons = {};
  rows.forEach(function (r) {
    Object.keys(r.override_reasons).forEach(function (k) { reasons[k] = reasons[k] || [0, 0]; reasons[k][0] += r.override_reasons[k]; });
    Object.keys(r.override_reasons_not_offered).forEach(function (k) { reasons[k] = reasons[k] || [0, 0]; reasons[k][1] += r.override_reasons_not_offered[k]; });
  });
  var codes = Object.keys(reasons).sort(function (a, b) { return (reasons[b][0] + reasons[b][1]) - (reasons[a][0] + reasons[a][1]); });
  var el = document.getElementById("chart-reasons");
  if (codes.length === 0) { el.textContent = w.noOverrides; return; }
  ordinal(el, codes, [
    { label: w.offered, colour: "#7d3c98", index: 0, values: codes.map(function (c) { return reasons[c][0]; }) },
    { label: w.notOffered, colour: "#95a5a6", index: 1, values: codes.map(function (c) { return reasons[c][1]; }) },
  ], w.reasonsY, w.reasonsX);
})();
`;
