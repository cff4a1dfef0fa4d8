/** /admin/report in a committee's browser: sign-in page, session cookie, CSRF checks, sign-out; API clients keep the bearer header. */
import express from 'express';
import request from 'supertest';
import { testApp, type TestApp } from '../../devkit/test-app.js';
import { AdminSessions, adminRoutes, SESSION_COOKIE } from '../../src/http/admin.js';
import { ReportService } from '../../src/service/report-service.js';

const TOKEN = 'admin-token-0123456789abcdef';
let t: TestApp;

beforeAll(() => {
  t = testApp({ CDS_ADMIN_TOKEN: TOKEN, CDS_ADMIN_SESSION_MINUTES: '5' });
});

/** A form post as a browser sends it from the sign-in page of this host. */
const signIn = (token: string, headers: Record<string, string> = {}, next = '/admin/report?format=html&lang=en') =>
  request(t.app)
    .post('/admin/sign-in')
    .set('Host', 'cds.example')
    .set('Origin', 'http://cds.example')
    .set(headers)
    .type('form')
    .send({ token, next });

const sessionCookie = (res: request.Response): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${SESSION_COOKIE}=`));

describe('/admin/report in a browser', () => {
  it('without a bearer header, a browser gets a sign-in page: a password field posted as a form, a strict CSP', async () => {
    const res = await request(t.app).get('/admin/report?since=2026-06-01').set('Accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/<form method="post" action="\/admin\/sign-in">/);
    expect(res.text).toMatch(/<input type="password" id="token" name="token"/);
    expect(res.text).toContain('value="/admin/report?since=2026-06-01"');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/form-action 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('an API client without the header still gets the 401 OperationOutcome; with the bearer header, the report', async () => {
    const res = await request(t.app).get('/admin/report').set('Accept', 'application/json');
    expect(res.status).toBe(401);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    const ok = await request(t.app).get('/admin/report?format=json').set('Authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.body.has_data).toBe(false);
    expect((await request(t.app).get('/admin/report').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
  });

  it('the right token: an HttpOnly, SameSite=Strict session cookie of the configured lifetime, then a redirect to the report', async () => {
    const res = await signIn(TOKEN);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/report?format=html&lang=en');
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/; Path=\/admin; Max-Age=300; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here
    expect(cookie).not.toContain(TOKEN);
    const page = await request(t.app).get('/admin/report').set('Accept', 'text/html').set('Cookie', cookie.split(';')[0]!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('CDS governance report');
    expect(page.text).toMatch(/<form method="post" action="\/admin\/sign-out"/);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(page.headers['cache-control']).toBe('no-store');
    // A bookmark of another format works with the same session.
    const json = await request(t.app).get('/admin/report?format=json').set('Cookie', cookie.split(';')[0]!);
    expect(json.status).toBe(200);
    expect(json.body.has_data).toBe(false);
  });

  it('a wrong token: the sign-in page again, saying so, and no cookie', async () => {
    const res = await signIn('not-the-token-0123456789');
    expect(res.status).toBe(401);
    expect(res.text).toContain('That token is not right.');
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('CSRF: a post from another origin, or naming none, is refused without a cookie', async () => {
    for (const headers of [{ Origin: 'https://evil.example' }, { Origin: 'null' }, { Origin: '', Referer: 'https://evil.example/page' }] as Record<string, string>[]) {
      const res = await signIn(TOKEN, headers);
      expect(res.status).toBe(403);
      expect(sessionCookie(res)).toBeUndefined();
    }
    // Referer alone, of this host, is enough.
    const viaReferer = await signIn(TOKEN, { Origin: '', Referer: 'http://cds.example/admin/report' });
    expect(viaReferer.status).toBe(303);
  });

  it('never redirects off the report: a next of another site or path goes to the report', async () => {
    for (const next of ['https://evil.example/', '//evil.example/admin/report', '/admin/reportx', '/admin/report?x=1 \\evil']) {
      const res = await signIn(TOKEN, {}, next);
      expect(res.headers.location).toBe('/admin/report');
    }
  });

  it('sign-out clears the cookie; a forged, tampered or absent cookie is no session', async () => {
    const out = await request(t.app).post('/admin/sign-out').set('Host', 'cds.example').set('Origin', 'http://cds.example');
    expect(out.status).toBe(303);
    expect(sessionCookie(out)).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/admin; Max-Age=0;`));
    const cookie = sessionCookie(await signIn(TOKEN))!.split(';')[0]!;
    const tampered = cookie.replace(/=(\d)/, (_m, d: string) => `=${(Number(d) + 1) % 10}`);
    for (const c of [tampered, `${SESSION_COOKIE}=1.2.3`, `${SESSION_COOKIE}=`]) {
      const res = await request(t.app).get('/admin/report?format=json').set('Cookie', c);
      expect(res.status).toBe(401);
    }
    expect((await request(t.app).post('/admin/sign-out').set('Host', 'cds.example').set('Origin', 'https://evil.example')).status).toBe(403);
  });

  it('the token is never logged, nor in any URL', async () => {
    await signIn(TOKEN);
    await signIn('wrong-token-but-secret-looking-0123');
    expect(t.logs.join('\n')).not.toContain(TOKEN);
    expect(t.logs.join('\n')).not.toContain('wrong-token-but-secret-looking-0123');
    expect(t.logs.some((l) => l.includes('sign-in'))).toBe(true); // the requests were logged, without their bodies
  });
});

describe('admin sessions', () => {
  it('expire after the configured minutes; a new token ends them', () => {
    let now = new Date('2026-06-15T08:00:00Z');
    const sessions = new AdminSessions(TOKEN, 30, () => now);
    const { value } = sessions.issue();
    expect(sessions.valid(value)).toBe(true);
    now = new Date('2026-06-15T08:29:59Z');
    expect(sessions.valid(value)).toBe(true);
    now = new Date('2026-06-15T08:30:00Z');
    expect(sessions.valid(value)).toBe(false);
    now = new Date('2026-06-15T08:10:00Z');
    expect(new AdminSessions(`${TOKEN}-rotated`, 30, () => now).valid(value)).toBe(false);
  });

  it('over TLS the cookie is Secure', async () => {
    const app = express();
    app.use((req, _res, next) => {
      Object.defineProperty(req, 'secure', { value: true });
      next();
    });
    app.use('/admin', adminRoutes({ token: TOKEN, reports: new ReportService({ store: t.store, locale: 'en', now: () => new Date() }), sessionMinutes: 30, locale: 'en', now: () => new Date() }));
    const res = await request(app).post('/admin/sign-in').set('Host', 'cds.example').set('Origin', 'https://cds.example').type('form').send({ token: TOKEN });
    expect(sessionCookie(res)).toMatch(/; Max-Age=1800; HttpOnly; SameSite=Strict; Secure$/);
  });
});
