/**
 * /admin: the governance report, for API clients and for a committee's browser.
 *
 * - API clients send `Authorization: Bearer <CDS_ADMIN_TOKEN>` (compared in constant time), as before.
 * - A browser without that header gets a small sign-in page (a password field, posted as a form). The right
 *   token gives a session cookie — HttpOnly, SameSite=Strict, Secure over TLS, path /admin, for
 *   CDS_ADMIN_SESSION_MINUTES — and a redirect to the report; the page carries a sign-out button.
 * - The cookie is stateless: expiry and a nonce, signed (HMAC-SHA256) with a key derived from the admin token,
 *   so every instance sharing the token accepts it and changing the token ends every session.
 * - CSRF: SameSite=Strict, and each POST must come from a page of this origin (Origin, else Referer, matching
 *   the Host); the forms' pages send `Referrer-Policy: same-origin` so a browser names its origin.
 * - The token is never in a URL (posted in the body) nor logged (the request log has the path only).
 * Never cached (securityHeaders: no-store); the HTML pages get their own CSP (hashes, no unsafe-inline).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { isLocale, LOCALES, type Locale } from '../config/locale.js';
import { badRequest, CdsError, Failure } from '../contract/outcomes.js';
import { PeriodError, parsePeriod, parseVersionFilter } from '../report/period.js';
import { isReportFormat, REPORT_FORMATS } from '../report/render.js';
import type { ReportService } from '../service/report-service.js';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Hashing both sides first gives equal lengths, so timingSafeEqual leaks neither the secret nor its length. */
const sameSecret = (given: string, expectedDigest: Buffer): boolean => timingSafeEqual(digest(given), expectedDigest);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined ? undefined : String(v));

export const SESSION_COOKIE = 'cds_admin_session';
const REPORT_PATH = '/admin/report';
const SIGN_IN_PATH = '/admin/sign-in';
const SIGN_OUT_PATH = '/admin/sign-out';

/** Signed, expiring session values; nothing kept in memory. */
export class AdminSessions {
  private readonly key: Buffer;
  constructor(
    token: string,
    private readonly minutes: number,
    private readonly now: () => Date,
  ) {
    this.key = digest(`ifn-timing-cds admin session\u0000${token}`);
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest('base64url');
  }

  /** A new session value, valid for the configured minutes. */
  issue(): { value: string; maxAgeSeconds: number } {
    const expires = this.now().getTime() + this.minutes * 60_000;
    const payload = `${expires}.${randomBytes(16).toString('base64url')}`;
    return { value: `${payload}.${this.mac(payload)}`, maxAgeSeconds: this.minutes * 60 };
  }

  /** Whether a cookie value is one this service signed and has not expired. */
  valid(value: string | undefined): boolean {
    if (!value || value.length > 200) return false;
    const at = value.lastIndexOf('.');
    if (at < 0) return false;
    const payload = value.slice(0, at);
    const given = Buffer.from(value.slice(at + 1), 'utf8');
    const expected = Buffer.from(this.mac(payload), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const expires = Number(payload.split('.')[0]);
    return Number.isFinite(expires) && expires > this.now().getTime();
  }
}

/** One cookie's value from the Cookie header (no cookie parser needed for one name). */
function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function setSessionCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  const secure = req.secure ? '; Secure' : '';
  res.append('Set-Cookie', `${SESSION_COOKIE}=${value}; Path=/admin; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`);
}

/** A POST from a page of this origin: its Origin (else its Referer) names this Host. */
function sameOrigin(req: Request): boolean {
  const from = req.headers.origin || req.headers.referer;
  if (!from || from === 'null') return false;
  try {
    return new URL(from).host === req.headers.host;
  } catch {
    return false;
  }
}

/** Where to go after signing in: the report, with its query (never anything else: no open redirect). */
function nextPath(raw: unknown): string {
  const s = typeof raw === 'string' ? raw : '';
  return s === REPORT_PATH || (s.startsWith(`${REPORT_PATH}?`) && s.length < 1000 && !/[\s\\]/.test(s)) ? s : REPORT_PATH;
}

const SIGN_IN_TEXT: Record<Locale, { title: string; label: string; button: string; wrong: string; note: string; crossSite: string }> = {
  en: {
    title: 'CDS governance report: sign in',
    label: 'Admin token',
    button: 'Sign in',
    wrong: 'That token is not right.',
    note: 'The token your administrator set as CDS_ADMIN_TOKEN. You stay signed in for a limited time; the report holds no patient data.',
    crossSite: 'This form must be sent from this site’s own page.',
  },
  'zh-CN': {
    title: 'CDS 治理报告：登录',
    label: '管理令牌',
    button: '登录',
    wrong: '令牌不正确。',
    note: '即管理员设置的 CDS_ADMIN_TOKEN。登录在有限时间内有效；报告不含患者数据。',
    crossSite: '此表单必须从本站页面提交。',
  },
};

const SIGN_IN_CSS = `body { font: 15px/1.5 system-ui, sans-serif; color: #1b2631; max-width: 28rem; margin: 10vh auto; padding: 0 16px; }
h1 { font-size: 20px; } label { display: block; font-weight: 600; margin: 12px 0 4px; }
input[type=password] { width: 100%; box-sizing: border-box; font: inherit; padding: 6px 8px; }
button { margin-top: 12px; font: inherit; padding: 6px 16px; } .error { color: #a93226; font-weight: 600; } .note { color: #566573; font-size: 13px; }`;
const SIGN_IN_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(SIGN_IN_CSS, 'utf8').digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(res: Response, status: number, locale: Locale, next: string, message?: string): void {
  const t = SIGN_IN_TEXT[locale];
  res.status(status);
  res.setHeader('Content-Security-Policy', SIGN_IN_CSP);
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.send(`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(t.title)}</title><style>${SIGN_IN_CSS}</style></head>
<body>
<h1>${esc(t.title)}</h1>
${message ? `<p class="error" role="alert">${esc(message)}</p>` : ''}
<form method="post" action="${SIGN_IN_PATH}">
<label for="token">${esc(t.label)}</label>
<input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${esc(next)}">
<input type="hidden" name="lang" value="${esc(locale)}">
<button type="submit">${esc(t.button)}</button>
</form>
<p class="note">${esc(t.note)}</p>
</body>
</html>
`);
}

/** Whether the caller is a browser asking for a page (an API client asks for JSON or nothing in particular). */
const wantsPage = (req: Request): boolean => req.accepts(['json', 'html']) === 'html';

export interface AdminOptions {
  token: string;
  reports: ReportService;
  sessionMinutes: number;
  locale: Locale;
  now: () => Date;
}

/** The /admin routes: GET /report (bearer or session), POST /sign-in, POST /sign-out. */
export function adminRoutes(o: AdminOptions): express.Router {
  const router = express.Router();
  const sessions = new AdminSessions(o.token, o.sessionMinutes, o.now);
  const bearer = digest(`Bearer ${o.token}`);
  const tokenDigest = digest(o.token);
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const localeOf = (v: unknown): Locale => (isLocale(v) ? v : o.locale);

  router.get('/report', async (req, res, next) => {
    if (req.headers.authorization !== undefined) {
      if (sameSecret(req.headers.authorization, bearer)) return report(req, res, {});
      res.setHeader('WWW-Authenticate', 'Bearer');
      return next(new CdsError(Failure.Unauthorized, 'Unauthorized'));
    }
    if (sessions.valid(cookie(req, SESSION_COOKIE))) {
      // The sign-out form's page must name its origin when it posts.
      res.setHeader('Referrer-Policy', 'same-origin');
      return report(req, res, { signOut: SIGN_OUT_PATH });
    }
    if (wantsPage(req)) return signInPage(res, 401, localeOf(req.query.lang), nextPath(req.originalUrl));
    res.setHeader('WWW-Authenticate', 'Bearer');
    next(new CdsError(Failure.Unauthorized, 'Unauthorized'));
  });

  router.post('/sign-in', form, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const locale = localeOf(body.lang);
    const next = nextPath(body.next);
    if (!sameOrigin(req)) return signInPage(res, 403, locale, next, SIGN_IN_TEXT[locale].crossSite);
    const given = typeof body.token === 'string' ? body.token : '';
    if (!sameSecret(given, tokenDigest)) return signInPage(res, 401, locale, next, SIGN_IN_TEXT[locale].wrong);
    const { value, maxAgeSeconds } = sessions.issue();
    setSessionCookie(req, res, value, maxAgeSeconds);
    res.redirect(303, next);
  });

  router.post('/sign-out', (req, res) => {
    if (!sameOrigin(req)) return signInPage(res, 403, o.locale, REPORT_PATH, SIGN_IN_TEXT[o.locale].crossSite);
    setSessionCookie(req, res, '', 0);
    res.redirect(303, REPORT_PATH);
  });

  async function report(req: Request, res: Response, render: { signOut?: string }): Promise<void> {
    const format = text(req.query.format) ?? 'html';
    if (!isReportFormat(format)) throw badRequest([{ diagnostics: `format must be one of ${REPORT_FORMATS.join(', ')}`, expression: 'format' }]);
    let filter;
    try {
      filter = { ...parsePeriod(text(req.query.since), text(req.query.until)), ...parseVersionFilter(text(req.query.rules_version), text(req.query.config_hash)) };
    } catch (e) {
      if (e instanceof PeriodError) throw badRequest(e.message);
      throw e;
    }
    const lang = text(req.query.lang);
    if (lang !== undefined && !isLocale(lang)) throw badRequest([{ diagnostics: `lang must be one of ${LOCALES.join(', ')}`, expression: 'lang' }]);
    const rendered = await o.reports.rendered({ ...filter, ...(lang ? { locale: lang } : {}) }, format, render);
    if (rendered.csp) res.setHeader('Content-Security-Policy', `${rendered.csp}; frame-ancestors 'none'`);
    res.setHeader('Content-Type', rendered.contentType);
    res.send(rendered.body);
  }

  return router;
}
