/**
 * One self-contained HTML file: inline CSS, the report as a JSON data block, uPlot (inlined from
 * node_modules) and the page's chart script. It opens offline, and carries its own Content-Security-Policy
 * (a meta tag; served, the same policy goes in the header): scripts and styles only by their sha256 hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locale } from '../../config/locale.js';
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
form.signout { float: right; } form.signout button { font: inherit; padding: 4px 12px; }
`;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export interface HtmlOptions {
  /** Readable name of an override reason code. */
  reasonName: (code: string) => string;
  /** The page's language (headings, chart titles, axes, legends, dates); default en. */
  locale?: Locale;
  /** Served to a signed-in browser: a sign-out button posting to this path (the policy then allows that form). */
  signOut?: string;
}

/** The page's words. Chart words go to the page script as data, so its hash does not change with the language. */
interface HtmlText {
  title: string;
  h1: string;
  shown: (since: string, until: string) => string;
  fromStart: string;
  now: string;
  first: string;
  last: string;
  made: string;
  signOut: string;
  figures: string[];
  charts: string;
  perDecision: string;
  perIndicatorHook: string;
  perWeek: string;
  perVersion: string;
  filtered: (version: string, hash: string) => string;
  reasons: string;
  suggestions: string;
  flagged: string;
  notes: string;
  cols: { rulesVersion: string; configHash: string; code: string; decision: string; indicator: string; hook: string; week: string; from: string; reasonCode: string; reason: string; cards: string; suggestion: string; total: string };
  notOffered: string;
  noOverrides: string;
  noSuggestions: string;
  flags: [string, string, string, string, string];
  chart: Record<string, string>;
}

const EN: HtmlText = {
  title: 'CDS governance report',
  h1: 'CDS governance report: interferon timing cards',
  shown: (a, b) => `Cards shown ${a} → ${b}`,
  fromStart: 'from the start',
  now: 'now',
  first: 'first',
  last: 'last',
  made: 'made',
  signOut: 'Sign out',
  figures: ['shown', 'with feedback', 'accepted', 'overridden', 'override rate', 'per shown', 'median to feedback'],
  charts: 'Charts',
  perDecision: 'Per decision',
  perIndicatorHook: 'Per decision, indicator and hook',
  perWeek: 'Per ISO week',
  perVersion: 'Per clinical rules version and config, side by side',
  filtered: (v, h) => `Only cards of rules version ${v}, config ${h}`,
  reasons: 'Override reasons',
  suggestions: 'Accepted suggestions',
  flagged: 'Flagged feedback',
  notes: 'What this data does and does not contain',
  cols: { rulesVersion: 'rules version', configHash: 'config (sha256, 12)', code: 'decision code', decision: 'decision', indicator: 'indicator', hook: 'hook', week: 'week', from: 'from', reasonCode: 'reason code', reason: 'reason', cards: 'cards', suggestion: 'suggestion', total: 'total' },
  notOffered: ' (not offered on the card: flagged)',
  noOverrides: 'No overrides in this period.',
  noSuggestions: 'No accepted suggestions in this period.',
  flags: [
    'feedback items for card uuids this service never showed (counted apart)',
    '… on distinct unknown cards',
    'override reasons not offered on the card',
    'accepted suggestions not on the card',
    'shown-card rows dropped',
  ],
  chart: {
    rateTitle: 'Override rate per decision',
    rateY: 'override rate (%)',
    rateX: 'decision',
    rateWithFeedback: 'override rate, % of cards with feedback',
    ratePerShown: 'override rate, % of cards shown',
    weeksTitle: 'Weekly trend (ISO weeks, UTC)',
    weeksX: 'week starting Monday',
    weeksCards: 'cards (count)',
    weeksPct: 'override rate (%)',
    week: 'week of',
    shown: 'cards shown',
    withFeedback: 'cards with feedback',
    overrideRate: 'override rate, % of cards with feedback',
    reasonsTitle: 'Override reasons',
    reasonsY: 'cards (count)',
    reasonsX: 'reason',
    offered: 'offered on the card',
    notOffered: 'not offered (flagged)',
    noOverrides: 'No overrides in this period.',
    versionsTitle: 'Override rate per rules version and config',
    versionsY: 'override rate (%)',
    versionsX: 'rules version · config',
  },
};

const ZH: HtmlText = {
  title: 'CDS 治理报告',
  h1: 'CDS 治理报告：干扰素治疗时机卡片',
  shown: (a, b) => `卡片展示时间 ${a} → ${b}`,
  fromStart: '最早',
  now: '现在',
  first: '首张',
  last: '末张',
  made: '生成于',
  signOut: '退出登录',
  figures: ['展示', '有反馈', '接受', '否决', '否决率', '占展示', '至反馈时间中位数'],
  charts: '图表',
  perDecision: '按决策',
  perIndicatorHook: '按决策、指示级别与 hook',
  perWeek: '按 ISO 周',
  perVersion: '按临床规则版本与配置（并列比较）',
  filtered: (v, h) => `仅限规则版本 ${v}、配置 ${h} 的卡片`,
  reasons: '否决理由',
  suggestions: '被接受的建议',
  flagged: '标记的反馈',
  notes: '本数据包含与不包含的内容',
  cols: { rulesVersion: '规则版本', configHash: '配置（sha256，12 位）', code: '决策代码', decision: '决策', indicator: '指示级别', hook: 'hook', week: '周', from: '起始日', reasonCode: '理由代码', reason: '理由', cards: '卡片数', suggestion: '建议', total: '合计' },
  notOffered: '（卡片未提供此理由：已标记）',
  noOverrides: '本期间没有否决。',
  noSuggestions: '本期间没有被接受的建议。',
  flags: ['本服务从未展示过的卡片 uuid 的反馈条目（单独计数）', '……涉及的不同未知卡片', '卡片未提供的否决理由', '不在卡片上的被接受建议', '丢失的卡片展示记录'],
  chart: {
    rateTitle: '各决策的否决率',
    rateY: '否决率（%）',
    rateX: '决策',
    rateWithFeedback: '否决率，占有反馈卡片的 %',
    ratePerShown: '否决率，占展示卡片的 %',
    weeksTitle: '每周趋势（ISO 周，UTC）',
    weeksX: '周（自周一起）',
    weeksCards: '卡片数',
    weeksPct: '否决率（%）',
    week: '周起始',
    shown: '展示卡片',
    withFeedback: '有反馈卡片',
    overrideRate: '否决率，占有反馈卡片的 %',
    reasonsTitle: '否决理由',
    reasonsY: '卡片数',
    reasonsX: '理由',
    offered: '卡片提供的理由',
    notOffered: '未提供的理由（已标记）',
    noOverrides: '本期间没有否决。',
    versionsTitle: '各规则版本与配置的否决率',
    versionsY: '否决率（%）',
    versionsX: '规则版本 · 配置',
  },
};

export const HTML_TEXT: Record<Locale, HtmlText> = { en: EN, 'zh-CN': ZH };

export interface HtmlPage {
  html: string;
  /** The page's policy, for the Content-Security-Policy header when served. */
  csp: string;
}

const figureCells = (c: Counts): string =>
  [c.shown, c.with_feedback, c.accepted, c.overridden, percent(c.override_rate), percent(c.override_rate_per_shown), duration(c.median_seconds_to_feedback)]
    .map((v) => `<td>${esc(String(v))}</td>`)
    .join('');
const head = (t: HtmlText, left: string[]): string => `<tr>${left.map((h) => `<th class="l">${esc(h)}</th>`).join('')}${t.figures.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
const codeCells = (r: DecisionRow): string => `<td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td>`;

function reasonRows(report: Report, o: HtmlOptions, t: HtmlText): string {
  const out: string[] = [];
  for (const r of report.rows) {
    const add = (code: string, n: number, offered: boolean) =>
      out.push(
        `<tr${offered ? '' : ' class="flag"'}><td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td><td class="l"><code>${esc(code)}</code></td><td class="l">${esc(o.reasonName(code))}${offered ? '' : esc(t.notOffered)}</td><td>${n}</td></tr>`,
      );
    for (const [code, n] of Object.entries(r.override_reasons)) add(code, n, true);
    for (const [code, n] of Object.entries(r.override_reasons_not_offered)) add(code, n, false);
  }
  const c = t.cols;
  return out.length
    ? `<table><tr><th class="l">${esc(c.code)}</th><th class="l">${esc(c.decision)}</th><th class="l">${esc(c.reasonCode)}</th><th class="l">${esc(c.reason)}</th><th>${esc(c.cards)}</th></tr>${out.join('')}</table>`
    : `<p>${esc(t.noOverrides)}</p>`;
}

function suggestionRows(report: Report, t: HtmlText): string {
  const out: string[] = [];
  for (const r of report.rows) {
    for (const [label, n] of Object.entries(r.accepted_suggestions)) out.push(`<tr><td class="l"><code>${esc(r.decision_code)}</code></td><td class="l">${esc(r.name)}</td><td class="l">${esc(label)}</td><td>${n}</td></tr>`);
  }
  const c = t.cols;
  return out.length
    ? `<table><tr><th class="l">${esc(c.code)}</th><th class="l">${esc(c.decision)}</th><th class="l">${esc(c.suggestion)}</th><th>${esc(c.cards)}</th></tr>${out.join('')}</table>`
    : `<p>${esc(t.noSuggestions)}</p>`;
}

/** A chart in a figure: its title as the caption (the units are on its axes, the series in its legend). */
const figure = (id: string, title: string): string => `<figure><figcaption id="${id}-title">${esc(title)}</figcaption><div id="${id}" aria-labelledby="${id}-title"></div></figure>`;

function body(report: Report, o: HtmlOptions, t: HtmlText): string {
  if (!report.has_data) return `<p class="nodata">${esc(NO_DATA)}</p>`;
  const f = report.flagged;
  const c = t.cols;
  const ch = t.chart;
  return `
<h2>${esc(t.charts)}</h2>
<div class="charts">
${figure('chart-rate', ch.rateTitle!)}
${figure('chart-weeks', ch.weeksTitle!)}
${figure('chart-reasons', ch.reasonsTitle!)}
${figure('chart-versions', ch.versionsTitle!)}
</div>
<h2>${esc(t.perVersion)}</h2>
<table id="versions">${head(t, [c.rulesVersion, c.configHash])}
${report.by_version.map((v) => `<tr><td class="l"><code>${esc(v.rules_version)}</code></td><td class="l"><code>${esc(v.config_hash)}</code></td>${figureCells(v)}</tr>`).join('\n')}</table>
<h2>${esc(t.perDecision)}</h2>
<table id="decisions">${head(t, [c.code, c.decision])}
${report.rows.map((r) => `<tr>${codeCells(r)}${figureCells(r)}</tr>`).join('\n')}
<tr class="total"><td class="l">${esc(c.total)}</td><td class="l"></td>${figureCells(report.totals)}</tr></table>
<h2>${esc(t.perIndicatorHook)}</h2>
<table id="indicator-hook">${head(t, [c.code, c.decision, c.indicator, c.hook])}
${report.by_indicator_hook.map((r) => `<tr>${codeCells(r)}<td class="l">${esc(r.indicator)}</td><td class="l">${esc(r.hook)}</td>${figureCells(r)}</tr>`).join('\n')}</table>
<h2>${esc(t.perWeek)}</h2>
<table id="weeks">${head(t, [c.week, c.from])}
${report.weeks.map((w) => `<tr><td class="l">${esc(w.week)}</td><td class="l">${esc(w.week_start)}</td>${figureCells(w)}</tr>`).join('\n')}</table>
<h2>${esc(t.reasons)}</h2>
${reasonRows(report, o, t)}
<h2>${esc(t.suggestions)}</h2>
${suggestionRows(report, t)}
<h2>${esc(t.flagged)}</h2>
<table id="flagged">
${[f.feedback_unknown_card.items, f.feedback_unknown_card.cards, f.override_reasons_not_offered, f.accepted_suggestions_not_on_card, report.shown_dropped].map((n, i) => `<tr><td class="l">${esc(t.flags[i]!)}</td><td>${n}</td></tr>`).join('\n')}
</table>`;
}

export function toHtml(report: Report, options: HtmlOptions): HtmlPage {
  const locale = options.locale ?? 'en';
  const t = HTML_TEXT[locale];
  const { js, css } = uplotAssets();
  const style = `${css}\n${PAGE_CSS}`;
  // A data block, not a script: never executed, so the CSP needs no hash for it. `<` is escaped so no text ends it.
  const data = JSON.stringify(report).replace(/</g, '\\u003c');
  const words = JSON.stringify({ locale, ...t.chart }).replace(/</g, '\\u003c');
  const csp = `default-src 'none'; script-src ${sha256(js)} ${sha256(CHARTS_SCRIPT)}; style-src ${sha256(style)}; img-src data:; base-uri 'none'; form-action ${options.signOut ? "'self'" : "'none'"}`;
  const p = report.period;
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}</title>
<style>${style}</style>
</head>
<body>
${options.signOut ? `<form method="post" action="${esc(options.signOut)}" class="signout"><button type="submit">${esc(t.signOut)}</button></form>` : ''}
<h1>${esc(t.h1)}</h1>
<p class="meta">${esc(t.shown(p.since ?? t.fromStart, p.until ?? t.now))}${p.first_shown ? ` (${esc(t.first)} ${esc(p.first_shown)}, ${esc(t.last)} ${esc(p.last_shown ?? '')})` : ''} · ${esc(t.made)} ${esc(report.generated_at)}</p>
${report.filter.rules_version !== null || report.filter.config_hash !== null ? `<p class="meta filter">${esc(t.filtered(report.filter.rules_version ?? '*', report.filter.config_hash ?? '*'))}</p>` : ''}
${body(report, options, t)}
<h2>${esc(t.notes)}</h2>
<ul class="notes">${report.notes.map((n) => `<li>${esc(n)}</li>`).join('\n')}</ul>
<script type="application/json" id="report-data">${data}</script>
<script type="application/json" id="report-words">${words}</script>
<script>${js}</script>
<script>${CHARTS_SCRIPT}</script>
</body>
</html>
`;
  return { html, csp };
}
