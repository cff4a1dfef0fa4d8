/** For a terminal: the period, one line per decision code, totals, versions, weeks, reasons and flags. */
import type { Counts, Report } from '../compute.js';
import { duration, NO_DATA, pairs, percent } from './text.js';

function grid(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const figures = (c: Counts): string[] => [
  String(c.shown),
  String(c.with_feedback),
  String(c.accepted),
  String(c.overridden),
  percent(c.override_rate),
  percent(c.override_rate_per_shown),
  duration(c.median_seconds_to_feedback),
];
const FIGURES = ['shown', 'feedback', 'accepted', 'overridden', 'override rate', 'per shown', 'median to feedback'];

/**
 * Control characters (C0 but newline, DEL, C1) and bidirectional overrides, which a terminal would obey (escape
 * sequences, a rewritten screen, reordered text): removed. Codes and labels come from feedback the EHR sent.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function toTable(report: Report): string {
  return tableText(report).replace(TERMINAL_CONTROLS, '');
}

function tableText(report: Report): string {
  const p = report.period;
  const out = [
    `Governance report · cards shown ${p.since ?? 'from the start'} → ${p.until ?? 'now'} · made ${report.generated_at}`,
    p.first_shown ? `First card shown ${p.first_shown}, last ${p.last_shown}` : '',
    report.filter.rules_version !== null || report.filter.config_hash !== null ? `Only cards of rules version ${report.filter.rules_version ?? '*'}, config ${report.filter.config_hash ?? '*'}` : '',
  ];
  if (!report.has_data) return `${[...out, NO_DATA].filter(Boolean).join('\n')}\n`;
  out.push('', ...grid(['decision code', 'name', ...FIGURES], [...report.rows.map((r) => [r.decision_code, r.name, ...figures(r)]), ['total', '', ...figures(report.totals)]]));
  out.push('', 'By indicator and hook', ...grid(['decision code', 'indicator · hook', ...FIGURES], report.by_indicator_hook.map((r) => [r.decision_code, `${r.indicator} · ${r.hook}`, ...figures(r)])));
  out.push('', 'By rules version and config', ...grid(['rules version', 'config', ...FIGURES], report.by_version.map((v) => [v.rules_version, v.config_hash, ...figures(v)])));
  out.push('', 'By ISO week', ...grid(['week', 'from', ...FIGURES], report.weeks.map((w) => [w.week, w.week_start, ...figures(w)])));
  out.push('', 'Override reasons (cards)');
  for (const r of report.rows) if (r.overridden) out.push(`  ${r.decision_code}: ${pairs(r.override_reasons) || '–'}${Object.keys(r.override_reasons_not_offered).length ? ` · not offered: ${pairs(r.override_reasons_not_offered)}` : ''}`);
  out.push('', 'Accepted suggestions (cards)');
  for (const r of report.rows) if (Object.keys(r.accepted_suggestions).length) out.push(`  ${r.decision_code}: ${pairs(r.accepted_suggestions)}`);
  const f = report.flagged;
  out.push(
    '',
    `Flagged: ${f.feedback_unknown_card.items} feedback items on ${f.feedback_unknown_card.cards} unknown cards; ${f.override_reasons_not_offered} override reasons not offered; ${f.accepted_suggestions_not_on_card} accepted suggestions not on the card; ${report.shown_dropped} shown-card rows dropped.`,
  );
  return `${out.filter((l, i) => l !== '' || i > 2).join('\n')}\n`;
}
