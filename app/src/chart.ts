/**
 * The two panels, drawn with uPlot (small, fast on thousands of points, canvas only, no inline styles or
 * eval, so it runs under a strict CSP): ALT ×ULN on a log axis against the 1×/2×/10× bands, with the
 * flare look-back shaded, the latest result ringed and biopsies as vertical markers; then HBV DNA and TBil.
 */
import uPlot from 'uplot';
import type { PageText } from './messages.js';
import type { Series } from './series.js';

export const BANDS = [1, 2, 10] as const;
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
          const x0 = u.valToPos(sec(Math.max(s.flareFrom, s.from)), 'x', true);
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

export function drawAltChart(el: HTMLElement, s: Series, t: PageText): uPlot {
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
        x: { time: true, range: [sec(s.from), sec(s.to)] },
        y: { distr: 3, range: [0.25, top] },
      },
      axes: [{}, { label: '×ULN', values: (_u, vals) => vals.map((v) => (v == null ? '' : `${+v.toPrecision(2)}×`)) }],
      series: [
        {},
        { label: t.tests.alt, stroke: '#0969da', width: 2, points: { show: true, size: 5 } },
        { label: t.latest, stroke: '#cf222e', width: 0, points: { show: true, size: 12, width: 3, fill: 'transparent' } },
      ],
      legend: { show: true },
    },
    [xs, ys, latestOnly] as uPlot.AlignedData,
    el,
  );
}

export function drawOtherChart(el: HTMLElement, s: Series, t: PageText): uPlot {
  const times = [...new Set([...s.dna.map((d) => d.time), ...s.tbil.map((b) => b.time)])].sort((a, b) => a - b);
  const dnaAt = new Map(s.dna.map((d) => [d.time, d.log ?? null]));
  const tbilAt = new Map(s.tbil.map((b) => [b.time, b.umolL]));
  return new uPlot(
    {
      width: width(el),
      height: 220,
      plugins: [timeMarkers(s, t, false)],
      scales: { x: { time: true, range: [sec(s.from), sec(s.to)] }, dna: { range: [0, 9] }, tbil: { range: (_u, _min, max) => [0, Math.max(40, (max ?? 0) * 1.2)] } },
      axes: [{}, { scale: 'dna', label: t.dnaAxis }, { scale: 'tbil', label: t.tbilAxis, side: 1, grid: { show: false } }],
      series: [
        {},
        { label: t.tests.dna, scale: 'dna', stroke: '#8250df', width: 2, spanGaps: true, points: { show: true, size: 5 } },
        { label: t.tests.tbil, scale: 'tbil', stroke: '#bf8700', width: 2, spanGaps: true, points: { show: true, size: 5 } },
      ],
    },
    [times.map(sec), times.map((x) => dnaAt.get(x) ?? null), times.map((x) => tbilAt.get(x) ?? null)] as uPlot.AlignedData,
    el,
  );
}
