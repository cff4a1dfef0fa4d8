/**
 * The ALT-trend SMART app in a real headless Chromium, served by the real service, reading the fixture FHIR
 * sandbox: the page's decision equals the hook's card, the chart plots every ALT of the period, both languages,
 * both launches (open server; EHR launch through a SMART authorization server), and bad input.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Bundle, FhirResource, Observation, Patient } from 'fhir/r4';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage, type PageWatch } from '../../devkit/browser.js';
import { LOINC as LOINC_SYSTEM, observation, ucum } from '../../devkit/builders.js';
import { startFhirSandbox, type FhirSandbox } from '../../devkit/fhir-sandbox.js';
import { allFixturePatients, fixturePatient, readManifest } from '../../devkit/fixtures.js';
import { startSmartEhr } from '../../devkit/smart-ehr.js';
import { listenLocally, type LocalServer } from '../../devkit/local-server.js';
import { appQueries } from '../../app/src/reads.js';
import { threeYearPatient } from '../../devkit/synthetic-patient.js';
import { testApp, PV } from '../../devkit/test-app.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import { DEFAULT_CLINICAL_CONFIG } from '../../src/engine/config.js';
import { createCardEngine } from '../../src/service/card-engine.js';
import { fillTemplate } from '../../src/contract/prefetch-template.js';
import { LOINC } from '../../src/engine/codes.js';
import { PREFETCH } from '../../src/service/catalogue.js';
import { addMonths, DAY_MS } from '../../src/fhir/time.js';

const ARTIFACTS = path.join(PACKAGE_ROOT, 'test-artifacts');
const MONTHS = 36;

/** 500 ALT results over ~33 months, every other day, ending in the 2–10×ULN window. */
function alt500(now: Date): FhirResource[] {
  const base = threeYearPatient(now, 'alt-500').filter((r) => !(r.resourceType === 'Observation' && r.id?.includes('-alt-')));
  for (let i = 0; i < 500; i++) {
    const value = i === 0 ? 150 : 45 + ((i * 37) % 160);
    base.push(
      observation(
        { id: `alt-500-alt-${i}`, patientId: 'alt-500', coding: { system: LOINC_SYSTEM, code: '1742-6' }, effective: new Date(now.getTime() - (i * 2 + 1) * DAY_MS).toISOString() },
        { valueQuantity: ucum(value, 'U/L'), referenceRange: [{ high: ucum(40, 'U/L') }] },
      ),
    );
  }
  return base;
}

/** A site's own ALT code, as in the README's "Mapping local codes". */
const LOCAL_ALT = { system: 'https://lab.hospital.example/codes', code: 'ALT01' };

/** The three-year patient with every ALT under the site's local code only (no LOINC). */
function localAlt(now: Date): FhirResource[] {
  return threeYearPatient(now, 'site-coded').map((r) => (r.resourceType === 'Observation' && r.id?.includes('-alt-') ? { ...r, code: { coding: [LOCAL_ALT] } } : r));
}

/** A CHB patient with no ALT on record at all. */
function noAlt(): FhirResource[] {
  return threeYearPatient(new Date(), 'no-alt').filter((r) => !(r.resourceType === 'Observation' && r.id?.includes('-alt-')));
}

/** The ALT results of the period, counted from the resources themselves (not by the app's code). */
function altCount(resources: FhirResource[], patientId: string, now: number): number {
  const from = addMonths(now, -MONTHS);
  return resources.filter((r): r is Observation => {
    if (r.resourceType !== 'Observation' || r.subject?.reference !== `Patient/${patientId}`) return false;
    if (!r.code.coding?.some((c) => c.system === LOINC_SYSTEM && (LOINC.alt as readonly string[]).includes(c.code ?? ''))) return false;
    const t = Date.parse(r.effectiveDateTime ?? '');
    return typeof r.valueQuantity?.value === 'number' && t >= from && t <= now;
  }).length;
}

/**
 * Asks the sandbox every query of the app (all pages) once: medplum evaluates a new search slowly (seconds for
 * 500 results on a loaded machine) and then answers it from memory, as a real server's cache would.
 */
async function warm(sandbox: FhirSandbox, patientId: string): Promise<void> {
  const queries = [...Object.values(PREFETCH).map((t) => fillTemplate(t, { patientId })), ...appQueries(patientId).map(([, q]) => q)];
  for (const query of queries) {
    let next: string | undefined = query;
    while (next) {
      const { body } = await sandbox.handle('GET', next.startsWith('http') ? next.slice(sandbox.url!.length) : `/${next}`);
      next = (body as Bundle).link?.find((l) => l.relation === 'next')?.url;
    }
  }
}

const patientIdOf = (resources: FhirResource[]) => resources.find((r) => r.resourceType === 'Patient')!.id!;

let browser: Browser;
let sandbox: FhirSandbox & { url: string };
let service: LocalServer;
let base: string;
let resources: FhirResource[];
let appDir: string;

beforeAll(async () => {
  appDir = mkdtempSync(path.join(os.tmpdir(), 'ifn-app-'));
  const built = execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'app/build.mjs'), appDir], { encoding: 'utf8' });
  console.log(built.trim());
  mkdirSync(ARTIFACTS, { recursive: true });
  resources = [...allFixturePatients(false), ...alt500(new Date()), ...noAlt(), ...localAlt(new Date())];
  sandbox = await startFhirSandbox(resources);
  await warm(sandbox, 'alt-500');
  // The service's clock is the real one, like the browser's: the fixtures' dates were moved to today.
  // Generous FHIR timeouts: the sandbox evaluates each new search once (slowly on a loaded machine), then caches it.
  const { app } = testApp({ CDS_APP_DIR: appDir, CDS_FHIR_TIMEOUT_MS: '30000', CDS_REQUEST_BUDGET_MS: '60000' }, new Date());
  service = await listenLocally(app);
  base = service.url;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await service?.close();
});

async function hookCard(patientId: string, locale?: string, at = base) {
  const res = await fetch(`${at}${PV}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      fhirServer: sandbox.url,
      context: { userId: 'Practitioner/dr-li', patientId },
      ...(locale ? { extension: { 'org.ifn-timing-cds.locale': locale } } : {}),
    }),
  });
  if (res.status !== 200) throw new Error(`hook for ${patientId}: HTTP ${res.status} ${await res.text()}`);
  const { cards } = (await res.json()) as { cards: { summary: string; detail?: string; source: { topic?: { code: string; display?: string } }; links?: { url: string; type: string }[] }[] };
  return cards[0];
}

interface Opened {
  page: Page;
  watch: PageWatch;
  /** From opening launch.html to the decision (or an error) on index.html. */
  ms: number;
  /** From opening launch.html to the redirect to index.html. */
  landed: number;
}

async function open(query: string, allowedOrigins: string[] = [base, sandbox.url], at = base): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const watch = await watchPage(page);
  const t0 = Date.now();
  let landed = 0;
  page.on('request', (r) => {
    if (!landed && new URL(r.url()).pathname === '/app/index.html') landed = Date.now() - t0;
  });
  await page.goto(`${at}/app/launch.html?${query}`);
  await page.waitForSelector('#decision[data-decision], #status[data-error]', { timeout: 15_000 });
  const ms = Date.now() - t0;
  for (const url of watch.requests) expect(allowedOrigins.some((o) => url === o || url.startsWith(`${o}/`)) || url.startsWith('data:')).toBe(true);
  return { page, watch, ms, landed };
}

async function expectClean({ watch }: Opened): Promise<void> {
  expect(watch.errors).toEqual([]);
  expect(await watch.cspViolations()).toEqual([]);
}

/** The card's Markdown rendered as the EHR would: no literal rule, subscript tags or table pipes left. */
async function expectFactsRendered(page: Page, detail: string): Promise<void> {
  const text = (await page.textContent('#facts')) ?? '';
  expect(text).not.toMatch(/---|<\/?sub>|\|\s*---/);
  expect(text).not.toContain('**');
  if (detail.includes('<sub>')) expect(await page.locator('#facts sub').count()).toBeGreaterThan(0);
  if (/^---$/m.test(detail)) expect(await page.locator('#facts hr').count()).toBeGreaterThan(0);
  if (/^\|/m.test(detail)) expect(await page.locator('#facts table').count()).toBeGreaterThan(0);
}

/** Legend values only on hover: before any hover, no value and no "--" placeholder. */
async function expectLegendQuiet(page: Page): Promise<void> {
  const values = await page.locator('[data-chart="alt"] .u-legend .u-value').allTextContents();
  expect(values.every((v) => v === '')).toBe(true);
}

const openServer = (patientId: string, extra = '') => `fhirServiceUrl=${encodeURIComponent(sandbox.url)}&patientId=${encodeURIComponent(patientId)}${extra}`;

describe('ALT-trend SMART app (headless Chromium)', () => {
  // One fixture per decision the manifest names (null: the patients the service stays silent for).
  const byDecision = new Map<string | null, string>();
  for (const p of readManifest().patients) if (!byDecision.has(p.expected.patientView)) byDecision.set(p.expected.patientView, p.name);

  it.each([...byDecision.values()])('%s: the page shows the decision of the hook card and plots every ALT of the period', async (name) => {
    const patientId = patientIdOf(fixturePatient(name, false));
    const card = await hookCard(patientId);
    if (card) expect(card.links).toEqual([{ label: 'ALT trend (SMART app)', url: `${base}/app/launch.html`, type: 'smart' }]);
    const opened = await open(openServer(patientId));
    const { page } = opened;
    expect(await page.getAttribute('#decision', 'data-decision')).toBe(card?.source.topic?.code ?? '');
    if (card) {
      expect(await page.textContent('#decision .summary')).toBe(card.summary);
      // The decision in words, its code small beside it.
      expect(await page.textContent('#decision .headline .topic')).toBe(card.source.topic!.display);
      expect(await page.textContent('#decision .headline .code')).toBe(card.source.topic!.code);
      await expectFactsRendered(page, card.detail ?? '');
    } else expect((await page.textContent('#decision .silent'))?.length).toBeGreaterThan(20);
    await expectLegendQuiet(page);
    expect(Number(await page.getAttribute('[data-chart="alt"]', 'data-points'))).toBe(altCount(resources, patientId, Date.now()));
    expect(await page.locator('[data-band]').allTextContents()).toEqual(['1×ULN', '2×ULN', '10×ULN']);
    expect(await page.locator('[data-chart="alt"] canvas').count()).toBe(1);
    await expectClean(opened);
    await page.screenshot({ path: path.join(ARTIFACTS, `alt-trend-${name}.png`), fullPage: true });
    await page.context().close();
  }, 30_000);

  it('zh-CN: ?locale=zh-CN survives the launch redirect and the page speaks Chinese, as the card does', async () => {
    const name = readManifest().patients.find((p) => p.expected.patientView === 'ifn-after-flare')?.name ?? 'd6-flare-falling';
    const patientId = patientIdOf(fixturePatient(name, false));
    const card = await hookCard(patientId, 'zh-CN');
    const opened = await open(openServer(patientId, '&locale=zh-CN'));
    const { page } = opened;
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(new URL(page.url()).pathname).toBe('/app/index.html');
    expect(await page.getAttribute('#decision', 'data-decision')).toBe(card!.source.topic!.code);
    expect(await page.textContent('#decision .summary')).toBe(card!.summary);
    expect(card!.links![0]!).toMatchObject({ label: 'ALT 趋势图（SMART 应用）', type: 'smart' });
    expect(await page.textContent('h1')).toBe('ALT 趋势与干扰素治疗时机');
    expect(await page.textContent('#values caption')).toContain('最近 36 个月');
    // Month names and dates in Chinese (Intl), on the axis and in the banner.
    const labels = JSON.parse((await page.getAttribute('[data-chart="alt"]', 'data-x-labels')) ?? '[]') as string[];
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.filter(Boolean).every((l) => /\d+月/.test(l))).toBe(true);
    expect(await page.textContent('#banner [data-field="sex"] .label')).toBe('性别 ');
    expect(await page.textContent('#range button[data-range="12"]')).toBe('1 年');
    await expectClean(opened);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alt-trend-zh-CN.png'), fullPage: true });
    await page.screenshot({ path: path.join(PACKAGE_ROOT, 'docs', 'alt-trend.zh-CN.png'), fullPage: true });
    await page.context().close();
  }, 30_000);

  it('500 ALT results: all plotted, same decision as the card; prints the time from launch to interactive', async () => {
    const card = await hookCard('alt-500');
    const opened = await open(openServer('alt-500'));
    const { page, ms, landed } = opened;
    expect(await page.getAttribute('[data-chart="alt"]', 'data-points')).toBe('500');
    expect(await page.getAttribute('#decision', 'data-decision')).toBe(card!.source.topic!.code);
    expect(await page.locator('#values tbody tr').count()).toBeGreaterThanOrEqual(500);
    const phases = await page.getAttribute('body', 'data-timings');
    console.log(`SMART app, 500 ALT results: launch.html → decision and chart shown in ${ms} ms; redirect to index.html after ${landed} ms; in index.html, ms since its navigation began: ${phases} (fixture FHIR sandbox on loopback)`);
    await expectClean(opened);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alt-trend-500.png') });
    await page.context().close();
  }, 60_000);

  it('no ALT: an empty chart that says there are no ALT results in the period', async () => {
    const opened = await open(openServer('no-alt'));
    const { page } = opened;
    expect(await page.getAttribute('[data-chart="alt"]', 'data-points')).toBe('0');
    expect(await page.textContent('#alt-empty')).toBe('No ALT results in the period (the last 36 months).');
    expect(await page.getAttribute('#decision', 'data-decision')).toBe((await hookCard('no-alt'))?.source.topic?.code ?? '');
    await expectClean(opened);
    await page.context().close();
  }, 30_000);

  it("a site's local ALT code (its clinical config and discovery file): the page reads and plots those results, as the card was decided on them", async () => {
    // The site as the README's "Mapping local codes" sets it up: the code in inputCodes.alt and in the alt template.
    const discovery = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'cds-services.json'), 'utf8')) as { services: { prefetch: Record<string, string> }[] };
    for (const s of discovery.services) s.prefetch.alt = s.prefetch.alt!.replace(/(code=[^&]*)/, `$1,${LOCAL_ALT.system}|${LOCAL_ALT.code}`);
    const servicesFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-site-')), 'cds-services.json');
    writeFileSync(servicesFile, JSON.stringify(discovery));
    const clinical = buildClinicalConfig({ inputCodes: { alt: [...DEFAULT_CLINICAL_CONFIG.inputCodes.alt, LOCAL_ALT] } });
    const { app } = testApp({ CDS_APP_DIR: appDir, CDS_SERVICES_FILE: servicesFile, CDS_FHIR_TIMEOUT_MS: '30000', CDS_REQUEST_BUDGET_MS: '60000' }, new Date(), {
      engine: createCardEngine(clinical, 'en'),
    });
    const site = await listenLocally(app);
    const siteBase = site.url;
    try {
      const card = await hookCard('site-coded', undefined, siteBase);
      // Without the mapping the same record has no ALT: the built-in service decides otherwise.
      expect(card?.source.topic?.code).not.toBe((await hookCard('site-coded'))?.source.topic?.code);
      const opened = await open(openServer('site-coded'), [siteBase, sandbox.url], siteBase);
      const { page } = opened;
      expect(await page.getAttribute('#decision', 'data-decision')).toBe(card?.source.topic?.code ?? '');
      const from = addMonths(Date.now(), -MONTHS);
      const local = resources.filter(
        (r): r is Observation => r.resourceType === 'Observation' && r.subject?.reference === 'Patient/site-coded' && r.code.coding?.[0]?.code === LOCAL_ALT.code && Date.parse(r.effectiveDateTime ?? '') >= from,
      );
      expect(local.length).toBeGreaterThan(3);
      expect(Number(await page.getAttribute('[data-chart="alt"]', 'data-points'))).toBe(local.length);
      await expectClean(opened);
      await page.context().close();
    } finally {
      await site.close();
    }
  }, 60_000);

  it('a FHIR error: a message naming what failed, never a blank page', async () => {
    const failing = await startFhirSandbox(fixturePatient('d1-window-lab-uln', false));
    failing.mode = 'error';
    try {
      const opened = await open(`fhirServiceUrl=${encodeURIComponent(failing.url)}&patientId=${patientIdOf(fixturePatient('d1-window-lab-uln', false))}`, [base, failing.url]);
      const alert = opened.page.locator('#status[data-error]');
      expect(await alert.getAttribute('role')).toBe('alert');
      const text = await alert.textContent();
      expect(text).toContain('Could not read the patient');
      expect(text).toContain('the ALT results: HTTP 500');
      expect(await opened.page.getAttribute('#decision', 'data-decision')).toBeNull();
      // The failed reads are reported by the page, not thrown: the console may show the 500s, nothing else.
      expect(opened.watch.errors.every((e) => /status of 500/.test(e))).toBe(true);
      await opened.page.context().close();
    } finally {
      await failing.close();
    }
  }, 30_000);

  it('the README picture (d6): patient banner, headline in words, a time axis from the first result with 6 months / 1 year / 3 years', async () => {
    const name = 'd6-flare-falling';
    const resourcesOf = fixturePatient(name, false);
    const patient = resourcesOf.find((r) => r.resourceType === 'Patient') as Patient;
    const opened = await open(openServer(patient.id!));
    const { page } = opened;
    // Banner: the record's own name, sex, birth date and identifier.
    const field = (f: string) => page.textContent(`#banner [data-field="${f}"] :not(.label)`);
    expect(await page.isVisible('#banner')).toBe(true);
    const name0 = patient.name?.[0];
    expect(await field('name')).toBe(name0?.text ?? [...(name0?.given ?? []), name0?.family].filter(Boolean).join(' '));
    expect(await field('sex')).toBe(patient.gender ?? 'not recorded');
    expect(await field('born')).toBe(patient.birthDate ? new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${patient.birthDate}T00:00:00Z`)) : 'not recorded');
    expect(await field('id')).toContain(patient.identifier?.[0]?.value ?? 'not recorded');
    // Default span: from the first result of the period, at least 6 months, never before the period.
    const span = async () => {
      const from = Date.parse((await page.getAttribute('[data-chart="alt"]', 'data-x-from'))!);
      const to = Date.parse((await page.getAttribute('[data-chart="alt"]', 'data-x-to'))!);
      return { from, to, months: (to - from) / (30.44 * DAY_MS) };
    };
    const now = Date.now();
    const observations = resourcesOf.filter((r): r is Observation => r.resourceType === 'Observation').map((o) => Date.parse(o.effectiveDateTime ?? '')).filter((t) => t >= addMonths(now, -MONTHS) && t <= now);
    const first = Math.min(...observations);
    const fitted = await span();
    expect(fitted.months).toBeGreaterThanOrEqual(5.9);
    expect(fitted.from).toBeLessThanOrEqual(first);
    expect(fitted.from).toBeGreaterThanOrEqual(addMonths(now, -MONTHS) - DAY_MS);
    // From the first result (a little room before it) when that is longer ago than 6 months, else 6 months.
    if (first < addMonths(now, -6)) expect(first - fitted.from).toBeLessThanOrEqual(0.05 * (now - first) + DAY_MS);
    else expect(Math.round(fitted.months)).toBe(6);
    expect(await page.locator('#range button').allTextContents()).toEqual(['From the first result', '6 months', '1 year', '3 years']);
    await page.click('#range button[data-range="12"]');
    expect(Math.round((await span()).months)).toBe(12);
    expect(await page.getAttribute('#range button[data-range="12"]', 'aria-pressed')).toBe('true');
    await page.click('#range button[data-range="6"]');
    expect(Math.round((await span()).months)).toBe(6);
    const labels = JSON.parse((await page.getAttribute('[data-chart="alt"]', 'data-x-labels')) ?? '[]') as string[];
    expect(labels.filter(Boolean).every((l) => /^[A-Z][a-z]{2}( \d{1,2})?,? ?(\d{4})?$/.test(l) || /^[A-Z][a-z]{2} \d{4}$/.test(l))).toBe(true);
    // Hovering shows values in the legend; leaving hides them again.
    const box = (await page.locator('[data-chart="alt"] .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 5, box.y + box.height / 2);
    expect((await page.locator('[data-chart="alt"] .u-legend .u-value').allTextContents()).some((v) => /×ULN|\d/.test(v))).toBe(true);
    await page.mouse.move(0, 0);
    await page.click('#range button[data-range="fit"]');
    await expectLegendQuiet(page);
    await expectClean(opened);
    await page.screenshot({ path: path.join(PACKAGE_ROOT, 'docs', 'alt-trend.png'), fullPage: true });
    await page.context().close();
  }, 30_000);

  it('behind an EHR proxy that collapses `//` in path and query (as the SMART App Launcher does): same decision, every ALT point', async () => {
    const name = readManifest().patients.find((p) => p.expected.patientView === 'ifn-window')?.name ?? 'd1-window-lab-uln';
    const patientId = patientIdOf(fixturePatient(name, false));
    const target = new URL(sandbox.url);
    const proxied: string[] = [];
    const proxy = await listenLocally((req, res) => {
      const collapsed = (req.url ?? '/').replace(/\/{2,}/g, '/');
      proxied.push(collapsed);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname.replace(/\/$/, '')}${collapsed}`, headers: { ...req.headers, host: target.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    const proxyUrl = proxy.url;
    try {
      // The proxy does what the issue saw: an unencoded token search through it matches nothing.
      const raw = (await (await fetch(`${proxyUrl}/${fillTemplate(PREFETCH.alt!, { patientId })}`)).json()) as Bundle;
      expect(raw.entry ?? []).toHaveLength(0);
      const card = await hookCard(patientId);
      const expected = altCount(resources, patientId, Date.now());
      expect(expected).toBeGreaterThan(0);
      const opened = await open(`fhirServiceUrl=${encodeURIComponent(proxyUrl)}&patientId=${encodeURIComponent(patientId)}`, [base, proxyUrl, sandbox.url]);
      const { page } = opened;
      expect(await page.getAttribute('#decision', 'data-decision')).toBe(card!.source.topic!.code);
      expect(Number(await page.getAttribute('[data-chart="alt"]', 'data-points'))).toBe(expected);
      expect(proxied.some((u) => u.includes('code=http%3A%2F%2Floinc.org%7C'))).toBe(true);
      await expectClean(opened);
      await page.context().close();
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('EHR launch: authorize → code → token carrying the patient; every FHIR read carries the token, no URL does', async () => {
    const name = 'd5-flare-rising';
    const patient = fixturePatient(name, false);
    const patientId = patientIdOf(patient);
    const accessToken = `tok-${randomUUID()}`;
    const guarded = await startFhirSandbox(patient, { token: accessToken });
    const ehr = await startSmartEhr({ sandbox: guarded, accessToken, clientId: 'ifn-timing-cds-alt-trend', launch: 'launch-123', patientId, context: { locale: 'zh-CN', need_patient_banner: false } });
    try {
      const card = await hookCard(patientId, 'zh-CN');
      const opened = await open(`iss=${encodeURIComponent(ehr.iss)}&launch=launch-123`, [base, ehr.url]);
      const { page, watch } = opened;
      expect(ehr.events).toEqual(['authorize', 'token']);
      expect(await page.getAttribute('#decision', 'data-decision')).toBe(card!.source.topic!.code);
      // No ?locale= in this launch: the language came from the token response's launch context.
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      // The EHR shows its own banner (need_patient_banner: false): the app shows none.
      expect(await page.isVisible('#banner')).toBe(false);
      const fhirCalls = guarded.calls.filter((c) => !c.url.startsWith('/metadata'));
      expect(fhirCalls.length).toBeGreaterThanOrEqual(9);
      expect(fhirCalls.every((c) => c.authorization === `Bearer ${accessToken}`)).toBe(true);
      expect(watch.requests.some((u) => u.includes(accessToken))).toBe(false);
      expect(page.url()).not.toMatch(/code=|state=/);
      await expectClean(opened);
      await page.screenshot({ path: path.join(ARTIFACTS, 'alt-trend-ehr-launch.png'), fullPage: true });
      await page.context().close();
    } finally {
      await ehr.close();
      await guarded.close();
    }
  }, 30_000);
});
