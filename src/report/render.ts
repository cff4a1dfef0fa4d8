/** A report in one of its formats, with the content type (and, for HTML, the page's own CSP) to serve it with. */
import type { Locale } from '../config/locale.js';
import type { Report } from './compute.js';
import { toCsv } from './formats/csv.js';
import { toHtml } from './formats/html.js';
import { toJson } from './formats/json.js';
import { toTable } from './formats/table.js';
import { reasonNames } from './names.js';

export const REPORT_FORMATS = ['table', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const isReportFormat = (f: unknown): f is ReportFormat => typeof f === 'string' && (REPORT_FORMATS as readonly string[]).includes(f);

export interface RenderedReport {
  body: string;
  contentType: string;
  /** Only for HTML: the policy its inline script and style need. */
  csp?: string;
}

/** How the HTML is served: `signOut` adds a sign-out button posting there (a signed-in browser's page). */
export interface RenderOptions {
  signOut?: string;
}

export function renderReport(report: Report, format: ReportFormat, locale: Locale, options: RenderOptions = {}): RenderedReport {
  switch (format) {
    case 'table':
      return { body: toTable(report), contentType: 'text/plain; charset=utf-8' };
    case 'csv':
      return { body: toCsv(report), contentType: 'text/csv; charset=utf-8' };
    case 'json':
      return { body: toJson(report), contentType: 'application/json; charset=utf-8' };
    case 'html': {
      const page = toHtml(report, { reasonName: reasonNames(locale), locale, ...(options.signOut ? { signOut: options.signOut } : {}) });
      return { body: page.html, contentType: 'text/html; charset=utf-8', csp: page.csp };
    }
  }
}
