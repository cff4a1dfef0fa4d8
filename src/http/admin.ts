/**
 * GET /admin/report: the governance report for a committee's bookmark, behind `Authorization: Bearer
 * <CDS_ADMIN_TOKEN>` (compared in constant time). Never cached (securityHeaders: no-store); the report holds
 * no patient data. The HTML page gets its own CSP (hashes of its inline script and style) in place of the
 * API's `default-src 'none'`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { isLocale, LOCALES } from '../config/locale.js';
import { badRequest, CdsError, Failure } from '../contract/outcomes.js';
import { PeriodError, parsePeriod, parseVersionFilter } from '../report/period.js';
import { isReportFormat, REPORT_FORMATS } from '../report/render.js';
import type { ReportService } from '../service/report-service.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Hashing both sides first gives equal lengths, so timingSafeEqual leaks neither the token nor its length. */
export function requireAdmin(token: string): RequestHandler {
  const expected = digest(`Bearer ${token}`);
  return (req, res, next) => {
    const given = req.headers.authorization ?? '';
    if (timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer');
    next(new CdsError(Failure.Unauthorized, 'Unauthorized'));
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined ? undefined : String(v));

/** GET /admin/report?format=html|json|csv|table&since=&until=&rules_version=&config_hash=&lang=en|zh-CN (html by default). */
export function reportHandler(reports: ReportService): RequestHandler {
  return async (req, res) => {
    const format = text(req.query.format) ?? 'html';
    if (!isReportFormat(format)) throw badRequest([{ diagnostics: `format must be one of ${REPORT_FORMATS.join(', ')}`, expression: 'format' }]);
    let period;
    try {
      period = { ...parsePeriod(text(req.query.since), text(req.query.until)), ...parseVersionFilter(text(req.query.rules_version), text(req.query.config_hash)) };
    } catch (e) {
      if (e instanceof PeriodError) throw badRequest(e.message);
      throw e;
    }
    const lang = text(req.query.lang);
    if (lang !== undefined && !isLocale(lang)) throw badRequest([{ diagnostics: `lang must be one of ${LOCALES.join(', ')}`, expression: 'lang' }]);
    const report = await reports.rendered({ ...period, ...(lang ? { locale: lang } : {}) }, format);
    if (report.csp) res.setHeader('Content-Security-Policy', `${report.csp}; frame-ancestors 'none'`);
    res.setHeader('Content-Type', report.contentType);
    res.send(report.body);
  };
}
