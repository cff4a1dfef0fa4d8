/** The HTML report in real headless Chromium: served with its own CSP and opened offline as a file; charts drawn, no errors. */
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage } from '../../devkit/browser.js';
import { seedGovernance, type GovernanceSeed } from '../../devkit/governance-seed.js';
import { testApp } from '../../devkit/test-app.js';
import { ReportService } from '../../src/service/report-service.js';
import { computeReport } from '../../src/report/compute.js';
import { toHtml } from '../../src/report/formats/html.js';
import type { Locale } from '../../src/config/locale.js';
import { DAY_MS, isoDate } from '../../src/fhir/time.js';

/** A report over cards shown on the given days (one decision, no feedback), rendered as HTML. */
function reportOver(days: string[], locale: Locale = 'en'): string {
  const shown = days.map((day) => ({ decision_code: 'ifn-window', indicator: 'info', hook: 'patient-view', day, shown: 3, first_shown: `${day}T09:00:00.000Z`, last_shown: `${day}T10:00:00.000Z` }));
  const report = computeReport({ shown: shown.map((r) => ({ ...r, rules_version: '3', config_hash: 'abc123abc123' })), cards: [], reasons: [], suggestions: [], unknown: {}, shownDropped: 0 }, { now: new Date('2027-01-01T00:00:00Z'), nameOf: (c) => c });
  return toHtml(report, { reasonName: (c) => c, locale }).html;
}

/** The weekly chart's x-axis labels as drawn, read from the page. */
async function weekAxis(html: string, file: string): Promise<{ labels: string[]; title: string; legend: string }> {
  writeFileSync(file, html);
  const { context, page, watch } = await open(`file://${file}`);
  try {
    expect(watch.errors).toEqual([]);
    expect(await watch.cspViolations()).toEqual([]);
    const labels = JSON.parse((await page.getAttribute('#chart-weeks', 'data-x-labels')) ?? '[]') as string[];
    return { labels, title: (await page.textContent('#chart-weeks-title')) ?? '', legend: (await page.textContent('#chart-weeks .u-legend')) ?? '' };
  } finally {
    await context.close();
  }
}

const TOKEN = 'admin-token-0123456789abcdef';
let seed: GovernanceSeed;
let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  seed = await seedGovernance({ CDS_ADMIN_TOKEN: TOKEN });
  server = seed.t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** The policy is in force, not merely unviolated: a script injected after load must be blocked. */
async function expectInlineScriptBlocked(page: Page, watch: { cspViolations(): Promise<string[]> }) {
  await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s)");
  expect(await page.evaluate('window.__ran === undefined')).toBe(true);
  expect(await watch.cspViolations()).toContain('script-src-elem');
}

/** Per chart container: how many canvases it holds and how many of their pixels are painted. */
const chartPixels = (page: Page) =>
  page.evaluate(`['chart-rate', 'chart-weeks', 'chart-reasons'].map((id) => {
    const canvases = [...document.querySelectorAll('#' + id + ' canvas')];
    let painted = 0;
    for (const c of canvases) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
    }
    return { id, canvases: canvases.length, painted };
  })`) as Promise<{ id: string; canvases: number; painted: number }[]>;

async function open(url: string, headers: Record<string, string> = {}) {
  const context = await browser.newContext({ extraHTTPHeaders: headers });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(url);
  // A selector, not a function: the page's CSP forbids the eval a polled function needs.
  await page.waitForSelector('#chart-weeks canvas, .nodata');
  return { context, page, watch };
}

describe('HTML report in Chromium', () => {
  it('served: charts drawn, no console errors, no CSP violations, nothing fetched', async () => {
    const { context, page, watch } = await open(`${base}/admin/report`, { Authorization: `Bearer ${TOKEN}` });
    try {
      const charts = await chartPixels(page);
      for (const c of charts) {
        expect(c.canvases).toBeGreaterThan(0);
        // An axis alone paints a few thousand pixels; bars and lines many more. Any painted pixel proves drawing happened.
        expect(c.painted).toBeGreaterThan(500);
      }
      expect(watch.errors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
      expect(watch.requests).toEqual([`${base}/admin/report`]);
      expect(await page.textContent('#decisions')).toContain('Liver biopsy recommended');
      // uPlot's legend shows the series names.
      expect(await page.textContent('#chart-rate')).toContain('override rate');
      await expectInlineScriptBlocked(page, watch);
    } finally {
      await context.close();
    }
  });

  it('opened offline as a file: the same page, its meta CSP holds, no errors', async () => {
    const file = path.join(seed.t.dataDir, 'report.html');
    writeFileSync(file, (await new ReportService({ store: seed.t.store, locale: 'en', now: () => new Date() }).rendered({}, 'html')).body);
    const { context, page, watch } = await open(`file://${file}`);
    try {
      for (const c of await chartPixels(page)) expect(c.painted).toBeGreaterThan(500);
      expect(watch.errors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
      expect(watch.requests).toEqual([`file://${file}`]);
      await expectInlineScriptBlocked(page, watch);
    } finally {
      await context.close();
    }
  });

  it('weekly axis from the data: one week of December 2026 is labelled with that week only', async () => {
    // 2026-12-14 is a Monday (ISO 2026-W51); cards on its Monday, Wednesday and Sunday.
    const { labels, title, legend } = await weekAxis(reportOver(['2026-12-14', '2026-12-16', '2026-12-20']), path.join(seed.t.dataDir, 'one-week.html'));
    expect(labels).toEqual(['Dec 14']);
    expect(title).toMatch(/Weekly trend/);
    expect(legend).toContain('cards shown');
    expect(legend).toContain('override rate');
  });

  it('weekly axis from the data: 26 weeks run from the first Monday to the last, at most 8 labels, in order', async () => {
    const first = Date.parse('2026-06-29T00:00:00Z'); // a Monday
    const days = Array.from({ length: 26 }, (_, i) => isoDate(first + (i * 7 + 2) * DAY_MS));
    const { labels } = await weekAxis(reportOver(days), path.join(seed.t.dataDir, 'half-year.html'));
    expect(labels[0]).toBe('Jun 29');
    expect(labels.length).toBeGreaterThanOrEqual(6);
    expect(labels.length).toBeLessThanOrEqual(8);
    // The last label is within the last step of the data's last Monday (Dec 21), never past it.
    const lastMonday = first + 25 * 7 * DAY_MS;
    const labelled = labels.map((l) => Date.parse(`${l} 2026 00:00:00Z`));
    expect(labelled.every((t, i) => i === 0 || t > labelled[i - 1]!)).toBe(true);
    expect(labelled[labelled.length - 1]!).toBeLessThanOrEqual(lastMonday);
    expect(lastMonday - labelled[labelled.length - 1]!).toBeLessThan(4 * 7 * DAY_MS);
  });

  it('zh-CN: Chinese headings, chart titles and month names', async () => {
    const html = reportOver(['2026-12-14'], 'zh-CN');
    expect(html).toContain('<html lang="zh-CN">');
    const { labels, title, legend } = await weekAxis(html, path.join(seed.t.dataDir, 'zh.html'));
    expect(labels).toEqual(['12月14日']);
    expect(title).toContain('每周趋势');
    expect(legend).toContain('展示卡片');
  });

  it('served with ?lang=zh-CN: the report speaks Chinese; an unknown lang is a 400', async () => {
    const res = await fetch(`${base}/admin/report?lang=zh-CN`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('CDS 治理报告');
    expect(html).toContain('按决策');
    expect((await fetch(`${base}/admin/report?lang=fr`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
  });

  it('a committee member signs in from a bookmark, sees the report, comes back by the bookmark, signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = await watchPage(page);
    try {
      const bookmark = `${base}/admin/report?lang=en`;
      await page.goto(bookmark);
      await page.fill('input[type=password]', TOKEN);
      await Promise.all([page.waitForURL(bookmark), page.click('button[type=submit]')]);
      await page.waitForSelector('#chart-weeks canvas');
      expect(await page.textContent('h1')).toContain('CDS governance report');
      const cookies = await context.cookies();
      expect(cookies).toEqual([expect.objectContaining({ name: 'cds_admin_session', httpOnly: true, sameSite: 'Strict', path: '/admin' })]);
      expect(cookies[0]!.value).not.toContain(TOKEN);
      // The bookmark again, in the same browser: straight to the report.
      await page.goto(bookmark);
      await page.waitForSelector('#chart-weeks canvas');
      await Promise.all([page.waitForURL(`${base}/admin/report`), page.click('form.signout button')]);
      expect(await page.locator('input[type=password]').count()).toBe(1);
      expect(await context.cookies()).toEqual([]);
      expect(watch.requests.some((u) => u.includes(TOKEN))).toBe(false);
      expect(await watch.cspViolations()).toEqual([]);
      // The only console errors: the 401 status of the sign-in page itself.
      expect(watch.errors.every((e) => /status of 401/.test(e))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('an empty store: a page that says there is no data, without errors', async () => {
    const empty = testApp({ CDS_ADMIN_TOKEN: TOKEN });
    const s = empty.app.listen(0, '127.0.0.1');
    await new Promise((r) => s.once('listening', r));
    try {
      const { context, page, watch } = await open(`http://127.0.0.1:${(s.address() as AddressInfo).port}/admin/report`, { Authorization: `Bearer ${TOKEN}` });
      expect(await page.textContent('.nodata')).toMatch(/No data/);
      expect(watch.errors).toEqual([]);
      expect(await watch.cspViolations()).toEqual([]);
      await context.close();
    } finally {
      s.close();
    }
  });
});
