/**
 * The report page's own script, as text (this project compiles without the DOM lib). It reads the report
 * JSON embedded in the page and draws three uPlot charts: override rate per decision (bars), the weekly
 * trend (shown cards and override rate), and the override reasons (bars). Nothing is fetched.
 */
export const CHARTS_SCRIPT = String.raw`(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  if (!report.has_data) return;
  var WIDTH = 620, HEIGHT = 320;
  // Two series side by side: the first bar left of its tick, the second right of it.
  var pairedBars = [uPlot.paths.bars({ size: [0.35, 60], align: -1 }), uPlot.paths.bars({ size: [0.35, 60], align: 1 })];
  var pct = function (r) { return r === null ? null : Math.round(r * 1000) / 10; };
  function ordinal(el, labels, series, yLabel, xLabel) {
    var xs = labels.map(function (_l, i) { return i; });
    return new uPlot({
      width: WIDTH, height: HEIGHT,
      legend: { show: true, live: false },
      padding: [12, 56, 0, 0],
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: function (_u, _min, max) { return [0, Math.max(1, max) * 1.1]; } } },
      axes: [
        // Codes are long: slanted, so neighbours never overlap.
        { splits: function () { return xs; }, values: function (_u, splits) { return splits.map(function (i) { return labels[i] === undefined ? "" : labels[i]; }); }, rotate: -30, size: 110, gap: 4 },
        { label: yLabel },
      ],
      series: [{ label: xLabel }].concat(series.map(function (s) { return { label: s.label, stroke: s.colour, fill: s.colour + "cc", paths: pairedBars[s.index], points: { show: false } }; })),
    }, [xs].concat(series.map(function (s) { return s.values; })), el);
  }
  var rows = report.rows;
  ordinal(document.getElementById("chart-rate"), rows.map(function (r) { return r.decision_code; }), [
    { label: "override rate, % of cards with feedback", colour: "#c0392b", index: 0, values: rows.map(function (r) { return pct(r.override_rate); }) },
    { label: "% of cards shown", colour: "#e59866", index: 1, values: rows.map(function (r) { return pct(r.override_rate_per_shown); }) },
  ], "%", "decision");

  var weeks = report.weeks;
  new uPlot({
    width: WIDTH, height: HEIGHT,
    legend: { live: false },
    scales: { x: { time: true }, cards: { range: function (_u, _min, max) { return [0, Math.max(1, max) * 1.1]; } }, pct: { range: [0, 100] } },
    axes: [{}, { scale: "cards", label: "cards" }, { scale: "pct", side: 1, label: "override rate %", grid: { show: false } }],
    series: [
      { label: "week" },
      { label: "shown", scale: "cards", stroke: "#2e86c1", width: 2, points: { show: true, size: 6 } },
      { label: "with feedback", scale: "cards", stroke: "#27ae60", width: 2, points: { show: true, size: 6 } },
      { label: "override rate %", scale: "pct", stroke: "#c0392b", width: 2, dash: [6, 4], points: { show: true, size: 6 } },
    ],
  }, [
    weeks.map(function (w) { return Date.parse(w.week_start + "T00:00:00Z") / 1000; }),
    weeks.map(function (w) { return w.shown; }),
    weeks.map(function (w) { return w.with_feedback; }),
    weeks.map(function (w) { return pct(w.override_rate); }),
  ], document.getElementById("chart-weeks"));

  var reasons = {};
  rows.forEach(function (r) {
    Object.keys(r.override_reasons).forEach(function (k) { reasons[k] = reasons[k] || [0, 0]; reasons[k][0] += r.override_reasons[k]; });
    Object.keys(r.override_reasons_not_offered).forEach(function (k) { reasons[k] = reasons[k] || [0, 0]; reasons[k][1] += r.override_reasons_not_offered[k]; });
  });
  var codes = Object.keys(reasons).sort(function (a, b) { return (reasons[b][0] + reasons[b][1]) - (reasons[a][0] + reasons[a][1]); });
  var el = document.getElementById("chart-reasons");
  if (codes.length === 0) { el.textContent = "No overrides in this period."; return; }
  ordinal(el, codes, [
    { label: "offered on the card", colour: "#7d3c98", index: 0, values: codes.map(function (c) { return reasons[c][0]; }) },
    { label: "not offered (flagged)", colour: "#95a5a6", index: 1, values: codes.map(function (c) { return reasons[c][1]; }) },
  ], "cards", "reason");
})();
`;
