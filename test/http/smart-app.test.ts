import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadSettings, PACKAGE_ROOT } from '../../src/config/settings.js';
import { PREFETCH } from '../../src/service/catalogue.js';
import { appQueries } from '../../app/src/reads.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { fixtureRequest, OS, PV, testApp } from '../../devkit/test-app.js';

// The SMART app's routes: its own CSP (the API keeps default-src 'none'), its settings, and the cards' link to it.
const appDir = mkdtempSync(path.join(os.tmpdir(), 'ifn-app-static-'));
writeFileSync(path.join(appDir, 'launch.html'), '<!doctype html><title>launch</title>');

const directives = (csp: string | undefined) => new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));

describe('SMART app routes', () => {
  it('serve the app under its own CSP: scripts, styles and connections from the app only, no unsafe-inline', async () => {
    const { app } = testApp({ CDS_APP_DIR: appDir });
    const res = await request(app).get('/app/launch.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://localhost:*', 'http://127.0.0.1:*']);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe/);
    expect(res.headers['x-frame-options']).toBeUndefined();
    const api = await request(app).get('/cds-services');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers['x-frame-options']).toBe('DENY');
  });

  it('connect to the configured FHIR origins only; in production nothing beyond the service unless configured', async () => {
    const configured = await request(testApp({ CDS_APP_DIR: appDir, CDS_APP_FHIR_ORIGINS: 'https://fhir.example.org, https://auth.example.org' }).app).get('/app/launch.html');
    expect(directives(configured.headers['content-security-policy']).get('connect-src')).toEqual(["'self'", 'https://fhir.example.org', 'https://auth.example.org']);
    const production = await request(testApp({ CDS_APP_DIR: appDir, NODE_ENV: 'production', CDS_AUTH: 'off' }).app).get('/app/launch.html');
    expect(directives(production.headers['content-security-policy']).get('connect-src')).toEqual(["'self'"]);
  });

  it('give the page the clinical settings the cards are decided with, and the period', async () => {
    const res = await request(testApp({ CDS_APP_DIR: appDir, CDS_APP_PERIOD_MONTHS: '12' }).app).get('/app/config.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ clientId: 'ifn-timing-cds-alt-trend', scope: expect.stringContaining('launch/patient'), periodMonths: 12, locale: 'en', clinical: DEFAULT_CLINICAL_CONFIG, prefetch: PREFETCH });
  });

  it("give the page the prefetch templates the service serves: a site's own discovery file, local ALT code included", async () => {
    const site = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cds-services.json'), 'utf8')) as { services: { prefetch: Record<string, string> }[] };
    for (const s of site.services) s.prefetch.alt = s.prefetch.alt!.replace(/(code=[^&]*)/, '$1,https://lab.hospital.example/codes|ALT01');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-site-')), 'cds-services.json');
    writeFileSync(file, JSON.stringify(site));
    const res = await request(testApp({ CDS_APP_DIR: appDir, CDS_SERVICES_FILE: file }).app).get('/app/config.json');
    expect(res.status).toBe(200);
    expect(res.body.prefetch.alt).toContain('https://lab.hospital.example/codes|ALT01');
    expect(res.body.prefetch).toEqual(site.services[0]!.prefetch);
    // What the page then asks the FHIR server for: the local code, percent-encoded as every value is.
    const alt = appQueries('p1', res.body.prefetch).find(([key]) => key === 'alt')![1];
    expect(alt).toContain(encodeURIComponent('https://lab.hospital.example/codes|ALT01'));
    expect(appQueries('p1').find(([key]) => key === 'alt')![1]).not.toContain('ALT01');
  });

  it('say how to build the app when it is not built, and 404 with an OperationOutcome for unknown files', async () => {
    const missing = await request(testApp({ CDS_APP_DIR: path.join(appDir, 'nope') }).app).get('/app/index.html');
    expect(missing.status).toBe(404);
    expect(missing.body.issue[0].diagnostics).toMatch(/not built.*npm run build/);
    const unknown = await request(testApp({ CDS_APP_DIR: appDir }).app).get('/app/secret.txt');
    expect(unknown.status).toBe(404);
    expect(unknown.body.resourceType).toBe('OperationOutcome');
  });

  it.each([
    ['CDS_APP_PERIOD_MONTHS', '40', /CDS_APP_PERIOD_MONTHS="40" must be a whole number from 12 to 36/],
    ['CDS_APP_PERIOD_MONTHS', '11', /from 12 to 36/],
    ['CDS_APP_FHIR_ORIGINS', 'https://fhir.example.org/r4', /CDS_APP_FHIR_ORIGINS entry "https:\/\/fhir.example.org\/r4" must be an origin/],
    ['CDS_APP_FHIR_ORIGINS', "https://x.org 'unsafe-inline'", /must be an origin/],
    ['CDS_APP_FHIR_ORIGINS', '*', /must list origins/],
  ])('refuse %s=%s', (name, value, message) => {
    expect(() => loadSettings({ [name]: value })).toThrow(ConfigError);
    expect(() => loadSettings({ [name]: value })).toThrow(message);
  });
  it('accept the period at both ends', () => {
    expect(loadSettings({ CDS_APP_PERIOD_MONTHS: '12' }).app.periodMonths).toBe(12);
    expect(loadSettings({ CDS_APP_PERIOD_MONTHS: '36' }).app.periodMonths).toBe(36);
    expect(loadSettings({}).app.periodMonths).toBe(36);
  });
});

describe('cards link to the SMART app', () => {
  type Cards = { cards: { links?: unknown[] }[] };
  const linkOf = (label: string, url: string) => [{ label, url, type: 'smart' }];

  it('on every hook, at CDS_PUBLIC_BASE_URL, with no patient data in the URL', async () => {
    const { app } = testApp({ CDS_PUBLIC_BASE_URL: 'https://cds.example.org/ifn/' });
    for (const [path, body] of [[PV, fixtureRequest('patient-view-full-prefetch')], [OS, fixtureRequest('order-select-interferon')]] as const) {
      const res = await request(app).post(path).set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(200);
      const { cards } = res.body as Cards;
      expect(cards.length).toBeGreaterThan(0);
      for (const c of cards) expect(c.links).toEqual(linkOf('ALT trend (SMART app)', 'https://cds.example.org/ifn/app/launch.html'));
    }
  });

  it("outside production, at the request's own host, labelled in the card's language", async () => {
    const res = await request(testApp().app)
      .post(PV)
      .set('Host', 'cds.local:8443')
      .set('Content-Type', 'application/json')
      .send({ ...fixtureRequest('patient-view-full-prefetch'), extension: { 'org.ifn-timing-cds.locale': 'zh-CN' } });
    expect((res.body as Cards).cards[0]!.links).toEqual(linkOf('ALT 趋势图（SMART 应用）', 'http://cds.local:8443/app/launch.html'));
  });

  it('in production without CDS_PUBLIC_BASE_URL, no link (a Host header can be forged)', async () => {
    const res = await request(testApp({ NODE_ENV: 'production', CDS_AUTH: 'off' }).app).post(PV).set('Content-Type', 'application/json').send(fixtureRequest('patient-view-full-prefetch'));
    expect(res.status).toBe(200);
    const { cards } = res.body as Cards;
    expect(cards.length).toBeGreaterThan(0);
    expect(cards.every((c) => c.links === undefined)).toBe(true);
  });
});
