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
  await page.waitForFunction("document.querySelectorAll('canvas').length >= 3 || !!document.querySelector('.nodata')");
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
