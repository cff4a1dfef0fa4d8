/**
 * One self-contained HTML file: inline CSS, the report as a JSON data block, uPlot (inlined from
 * node_modules) and the page's chart script. It opens offline, and carries its own Content-Security-Policy
 * (a meta tag; served, the same policy goes in the header): scripts and styles only by their sha256 hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Counts, DecisionRow, Report } from '../compute.js';
import { CHARTS_SCRIPT } from './html-charts.js';
import { duration, NO_DATA, percent } from './text.js';

const require = createRequire(import.meta.url);
let uplot: { js: string; css: string } | undefined;
/** uPlot's minified build and stylesheet, read once. */
function uplotAssets(): { js: string; css: string } {
  uplot ??= {
    js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
  return uplot;
}

const PAGE_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b2631; margin: 24px auto; max-width: 1320px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d5d8dc; padding-bottom: 4px; }
.meta { color: #566573; margin: 0 0 16px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid #d5d8dc; border-radius: 6px; padding: 8px 12px; background: #fdfefe; }
figcaption { font-weight: 600; margin-bottom: 4px; }
table { border-collapse: collapse; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid #e5e8e8; padding: 4px 10px; text-align: right; vertical-align: top; }
th { background: #f4f6f6; font-weight: 600; } td.l, th.l { text-align: left; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; background: #f4f6f6; padding: 1px 4px; border-radius: 3px; }
tr.total td { font-weight: 600; border-top: 2px solid #aab7b8; }
.flag { color: #a04000; } .nodata { font-size: 16px; padding: 16px; border: 1px dashed #aab7b8; border-radius: 6px; }
ul.notes li { margin-bottom: 4px; color: #34495e; }
`;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface HtmlOptions {
  /** Readable name of an override reason code. */
  reasonName: (code: string) => string;
}

export interface HtmlPage {
  html: string;
  /** The page's policy, for the Content-Security-Policy header when served. */
  csp: string;
}

const FIGURE_HEAD = ['shown', 'with feedback', 'accepted', 'overridden', 'override rate', 'per shown', 'median to feedback'];
const figureCells = (c: Counts): string =>
  [c.shown, c.with_feedback, c.accepted, c.overridden, percent(c.override_rate), percent(c.override_rate_per_shown), duration(c.median_seconds_to_feedback)]
    .map((v) => `<td>${esc(String(v))}</td>`)
    .join('');
const head = (left: string[]): string => `<tr>${left.map((h) => `<th class="l">${esc(h)}</th>`).join('')}${FIGURE_HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
const codeCells = (r: DecisionRow): string => `<td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td>`;

function reasonRows(report: Report, o: HtmlOptions): string {
  const out: string[] = [];
  for (const r of report.rows) {
    const add = (code: string, n: number, offered: boolean) =>
      out.push(
        `<tr${offered ? '' : ' class="flag"'}><td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td><td class="l"><code>${esc(code)}</code></td><td class="l">${esc(o.reasonName(code))}${offered ? '' : ' (not offered on the card: flagged)'}</td><td>${n}</td></tr>`,
      );
    for (const [code, n] of Object.entries(r.override_reasons)) add(code, n, true);
    for (const [code, n] of Object.entries(r.override_reasons_not_offered)) add(code, n, false);
  }
  return out.length ? `<table><tr><th class="l">decision code</th><th class="l">decision</th><th class="l">reason code</th><th class="l">reason</th><th>cards</th></tr>${out.join('')}</table>` : '<p>No overrides in this period.</p>';
}

function suggestionRows(report: Report): string {
  const out: string[] = [];
  for (const r of report.rows) {
    for (const [label, n] of Object.entries(r.accepted_suggestions)) out.push(`<tr><td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td><td class="l">${esc(label)}</td><td>${n}</td></tr>`);
  }
  return out.length ? `<table><tr><th class="l">decision code</th><th class="l">decision</th><th class="l">suggestion</th><th>cards</th></tr>${out.join('')}</table>` : '<p>No accepted suggestions in this period.</p>';
}

function body(report: Report, o: HtmlOptions): string {
  if (!report.has_data) return `<p class="nodata">${esc(NO_DATA)}</p>`;
  const f = report.flagged;
  return `
<h2>Charts</h2>
<div class="charts">
<figure><figcaption>Override rate per decision</figcaption><div id="chart-rate"></div></figure>
<figure><figcaption>Weekly trend</figcaption><div id="chart-weeks"></div></figure>
<figure><figcaption>Override reasons (cards)</figcaption><div id="chart-reasons"></div></figure>
</div>
<h2>Per decision</h2>
<table id="decisions">${head(['decision code', 'decision'])}
${report.rows.map((r) => `<tr>${codeCells(r)}${figureCells(r)}</tr>`).join('\n')}
<tr class="total"><td class="l">total</td><td class="l"></td>${figureCells(report.totals)}</tr></table>
<h2>Per decision, indicator and hook</h2>
<table id="indicator-hook">${head(['decision code', 'decision', 'indicator', 'hook'])}
${report.by_indicator_hook.map((r) => `<tr>${codeCells(r)}<td class="l">${esc(r.indicator)}</td><td class="l">${esc(r.hook)}</td>${figureCells(r)}</tr>`).join('\n')}</table>
<h2>Per ISO week</h2>
<table id="weeks">${head(['week', 'from'])}
${report.weeks.map((w) => `<tr><td class="l">${esc(w.week)}</td><td class="l">${esc(w.week_start)}</td>${figureCells(w)}</tr>`).join('\n')}</table>
<h2>Override reasons</h2>
${reasonRows(report, o)}
<h2>Accepted suggestions</h2>
${suggestionRows(report)}
<h2>Flagged feedback</h2>
<table id="flagged">
<tr><td class="l">feedback items for card uuids this service never showed (counted apart)</td><td>${f.feedback_unknown_card.items}</td></tr>
<tr><td class="l">… on distinct unknown cards</td><td>${f.feedback_unknown_card.cards}</td></tr>
<tr><td class="l">override reasons not offered on the card</td><td>${f.override_reasons_not_offered}</td></tr>
<tr><td class="l">accepted suggestions not on the card</td><td>${f.accepted_suggestions_not_on_card}</td></tr>
<tr><td class="l">shown-card rows dropped</td><td>${report.shown_dropped}</td></tr>
</table>`;
}

export function toHtml(report: Report, options: HtmlOptions): HtmlPage {
  const { js, css } = uplotAssets();
  const style = `${css}\n${PAGE_CSS}`;
  // A data block, not a script: never executed, so the CSP needs no hash for it. `<` is escaped so no text ends it.
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  const csp = `default-src 'none'; script-src ${sha256(js)} ${sha256(CHARTS_SCRIPT)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const p = report.period;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CDS governance report</title>
<style>${style}</style>
</head>
<body>
<h1>CDS governance report: interferon timing cards</h1>
<p class="meta">Cards shown ${esc(p.since ?? 'from the start')} → ${esc(p.until ?? 'now')}${p.first_shown ? ` (first ${esc(p.first_shown)}, last ${esc(p.last_shown ?? '')})` : ''} · made ${esc(report.generated_at)}</p>
${body(report, options)}
<h2>What this data does and does not contain</h2>
<ul class="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}</ul>
<script type="application/json" id="report-data">${data}</script>
<script>${js}</script>
<script>${CHARTS_SCRIPT}</script>
</body>
</html>
`;
  return { html, csp };
}
