/**
 * The two panels, drawn with uPlot (small, fast on thousands of points, canvas only, no inline styles or
 * eval, so it runs under a strict CSP): ALT ×ULN on a log axis against the 1×/2×/10× bands, with the
 * flare look-back shaded, the latest result ringed and biopsies as vertical markers; then HBV DNA and TBil.
 */
import uPlot from 'uplot';
import type { PageText } from './messages.js';
import type { Series } from './series.js';

export const BANDS = [1, 2, 10] as const;

/** The time span a chart shows (epoch ms) and the language its dates and numbers are written in. */
export interface View {
  from: number;
  to: number;
  locale: string;
}

const DAY_S = 86_400;
/**
 * The time axis: ticks where uPlot puts them, labelled in the page's language (Intl: "Jun 2026" / "2026年6月";
 * days when the ticks are closer than a month). The labels drawn are left in the chart's `data-x-labels`.
 */
function timeAxis(el: HTMLElement, view: View): uPlot.Axis {
  const month = new Intl.DateTimeFormat(view.locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(view.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    // At least 80 px between ticks: months (not fortnights) across a span of several months.
    space: 80,
    values: (_u, splits, _axis, _space, incr) => {
      const f = incr >= 28 * DAY_S ? month : day;
      const labels = splits.map((v) => (v == null ? '' : f.format(new Date(v * 1000))));
      el.dataset.xLabels = JSON.stringify(labels);
      return labels;
    },
  };
}

/** Legend values only while the pointer is on the chart (uPlot writes "--" otherwise), in the page's number format. */
const hoverValue = (format: (v: number) => string) => (_u: uPlot, v: number | null, _s: number, idx: number | null) => (idx == null || v == null ? '' : format(v));
const BAND_FILL = ['rgba(46,160,67,0.10)', 'rgba(210,153,34,0.12)', 'rgba(31,111,235,0.12)', 'rgba(207,34,46,0.10)'];
const sec = (ms: number) => ms / 1000;

function width(el: HTMLElement): number {
  return Math.max(320, Math.min(1100, el.clientWidth || 800));
}

/** Vertical markers (biopsies) and the flare window, drawn under the series. */
function timeMarkers(s: Series, t: PageText, labelled: boolean): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { ctx, bbox } = u;
          const x0 = u.valToPos(sec(Math.max(s.flareFrom, u.scales.x!.min! * 1000)), 'x', true);
          const x1 = u.valToPos(sec(s.to), 'x', true);
          ctx.save();
          ctx.fillStyle = 'rgba(207,34,46,0.08)';
          ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
          if (labelled) {
            ctx.fillStyle = '#8a1c24';
            ctx.font = `${11 * devicePixelRatio}px sans-serif`;
            ctx.textAlign = 'right';
            ctx.fillText(t.flareWindow(s.flareDays), x1 - 4 * devicePixelRatio, bbox.top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.strokeStyle = '#6e40c9';
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.fillStyle = '#6e40c9';
          ctx.font = `${11 * devicePixelRatio}px sans-serif`;
          ctx.textAlign = 'left';
          for (const b of s.biopsies) {
            const x = u.valToPos(sec(b.time), 'x', true);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            if (labelled) ctx.fillText(`${t.biopsy}: ${b.label}`, x + 3 * devicePixelRatio, bbox.top + 26 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** The ALT bands: shaded ranges with a labelled line at each of 1, 2 and 10 ×ULN. */
function altBands(t: PageText): uPlot.Plugin {
  return {
    hooks: {
      drawClear: [
        (u) => {
          const { ctx, bbox } = u;
          const [min = 0.1, max = 100] = [u.scales.y!.min, u.scales.y!.max];
          const edges = [min, ...BANDS, max].map((v) => u.valToPos(Math.min(Math.max(v, min), max), 'y', true));
          ctx.save();
          for (let i = 0; i < edges.length - 1; i++) {
            ctx.fillStyle = BAND_FILL[i]!;
            ctx.fillRect(bbox.left, edges[i + 1]!, bbox.width, edges[i]! - edges[i + 1]!);
          }
          ctx.restore();
        },
      ],
      draw: [
        (u) => {
          const { ctx, bbox } = u;
          ctx.save();
          ctx.strokeStyle = '#57606a';
          ctx.fillStyle = '#24292f';
          ctx.font = `${11 * devicePixelRatio}px sans-serif`;
          ctx.textAlign = 'right';
          for (const b of BANDS) {
            const y = u.valToPos(b, 'y', true);
            ctx.beginPath();
            ctx.moveTo(bbox.left, y);
            ctx.lineTo(bbox.left + bbox.width, y);
            ctx.stroke();
            ctx.fillText(t.band(b), bbox.left + bbox.width - 4 * devicePixelRatio, y - 3 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** Marks the span drawn on the chart element (tests read it). */
function markView(el: HTMLElement, view: View): void {
  el.dataset.xFrom = new Date(view.from).toISOString();
  el.dataset.xTo = new Date(view.to).toISOString();
}

export function drawAltChart(el: HTMLElement, s: Series, t: PageText, view: View): uPlot {
  el.replaceChildren();
  markView(el, view);
  const n = new Intl.NumberFormat(view.locale, { maximumSignificantDigits: 3 });
  const date = new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const xs = s.alt.map((a) => sec(a.time));
  const ys = s.alt.map((a) => a.multiple);
  const latest = s.alt.length - 1;
  const latestOnly = ys.map((y, i) => (i === latest ? y : null));
  const top = Math.max(20, ...ys.map((y) => y * 1.5));
  return new uPlot(
    {
      width: width(el),
      height: 300,
      plugins: [altBands(t), timeMarkers(s, t, true)],
      scales: {
        x: { time: true, range: [sec(view.from), sec(view.to)] },
        y: { distr: 3, range: [0.25, top] },
      },
      axes: [timeAxis(el, view), { label: '×ULN', values: (_u, vals) => vals.map((v) => (v == null ? '' : `${n.format(+v.toPrecision(2))}×`)) }],
      series: [
        { label: t.columns.date, value: hoverValue((v) => date.format(new Date(v * 1000))) },
        { label: t.tests.alt, stroke: '#0969da', width: 2, points: { show: true, size: 5 }, value: hoverValue((v) => `${n.format(v)}×ULN`) },
        { label: t.latest, stroke: '#cf222e', width: 0, points: { show: true, size: 12, width: 3, fill: 'transparent' }, value: hoverValue((v) => `${n.format(v)}×ULN`) },
      ],
      legend: { show: true, live: true },
    },
    [xs, ys, latestOnly] as uPlot.AlignedData,
    el,
  );
}

export function drawOtherChart(el: HTMLElement, s: Series, t: PageText, view: View): uPlot {
  el.replaceChildren();
  markView(el, view);
  const n = new Intl.NumberFormat(view.locale, { maximumSignificantDigits: 3 });
  const date = new Intl.DateTimeFormat(view.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const times = [...new Set([...s.dna.map((d) => d.time), ...s.tbil.map((b) => b.time)])].sort((a, b) => a - b);
  const dnaAt = new Map(s.dna.map((d) => [d.time, d.log ?? null]));
  const tbilAt = new Map(s.tbil.map((b) => [b.time, b.umolL]));
  return new uPlot(
    {
      width: width(el),
      height: 220,
      plugins: [timeMarkers(s, t, false)],
      scales: { x: { time: true, range: [sec(view.from), sec(view.to)] }, dna: { range: [0, 9] }, tbil: { range: (_u, _min, max) => [0, Math.max(40, (max ?? 0) * 1.2)] } },
      axes: [
        timeAxis(document.createElement('div'), view),
        { scale: 'dna', label: t.dnaAxis, values: (_u, vals) => vals.map((v) => (v == null ? '' : n.format(v))) },
        { scale: 'tbil', label: t.tbilAxis, side: 1, grid: { show: false }, values: (_u, vals) => vals.map((v) => (v == null ? '' : n.format(v))) },
      ],
      series: [
        { label: t.columns.date, value: hoverValue((v) => date.format(new Date(v * 1000))) },
        { label: t.tests.dna, scale: 'dna', stroke: '#8250df', width: 2, spanGaps: true, points: { show: true, size: 5 }, value: hoverValue((v) => `${n.format(v)} log IU/mL`) },
        { label: t.tests.tbil, scale: 'tbil', stroke: '#bf8700', width: 2, spanGaps: true, points: { show: true, size: 5 }, value: hoverValue((v) => `${n.format(v)} µmol/L`) },
      ],
    },
    [times.map(sec), times.map((x) => dnaAt.get(x) ?? null), times.map((x) => tbilAt.get(x) ?? null)] as uPlot.AlignedData,
    el,
  );
}
