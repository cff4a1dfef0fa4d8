/** One row per decision code (RFC 4180), reasons and suggestions as `code=n; …` in one cell each. */
import type { Report } from '../compute.js';
import { pairs } from './text.js';

export const CSV_HEADER = [
  'decision_code',
  'shown',
  'with_feedback',
  'accepted',
  'overridden',
  'override_rate',
  'override_rate_per_shown',
  'median_seconds_to_feedback',
  'name',
  'override_reasons',
  'override_reasons_not_offered',
  'accepted_suggestions',
  'accepted_suggestions_not_on_card',
] as const;

/**
 * A text cell a spreadsheet would read as a formula (= + - @, or a leading tab or CR) gets a leading apostrophe
 * (OWASP CSV injection): override reason codes and suggestion labels come from feedback the EHR sent.
 */
const neutralised = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : typeof v === 'number' ? String(v) : neutralised(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(report: Report): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of report.rows) {
    const values: Record<(typeof CSV_HEADER)[number], string | number | null> = {
      ...r,
      override_reasons: pairs(r.override_reasons),
      override_reasons_not_offered: pairs(r.override_reasons_not_offered),
      accepted_suggestions: pairs(r.accepted_suggestions),
    };
    lines.push(CSV_HEADER.map((h) => cell(values[h])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
