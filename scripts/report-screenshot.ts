/**
 * `npm run report:screenshot`: the README's pictures of the HTML report (docs/report.png, docs/report.zh-CN.png),
 * taken in headless Chromium from a store seeded directly with 20,000 shown cards over 12 weeks, under two rules
 * versions (devkit/report-rows.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../devkit/browser.js';
import { seedReportRows } from '../devkit/report-rows.js';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { ReportService } from '../src/service/report-service.js';
import { SqliteFeedbackStore } from '../src/store/sqlite-store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-report-shot-'));
const file = path.join(dir, 'feedback.sqlite');
// Monday midnight: the last ISO week is a whole one.
const end = new Date('2026-06-15T00:00:00Z');
await seedReportRows(file, { shown: 20_000, days: 12 * 7, end });
const store = new SqliteFeedbackStore(file);
const reports = new ReportService({ store, locale: 'en', now: () => end });
const pages: [file: string, picture: string][] = [];
for (const [locale, picture] of [['en', 'report.png'], ['zh-CN', 'report.zh-CN.png']] as const) {
  const page = path.join(dir, `report.${locale}.html`);
  writeFileSync(page, (await reports.rendered({ locale }, 'html')).body);
  pages.push([page, picture]);
}
store.close();

const browser = await launchBrowser();
try {
  const tab = await browser.newPage({ viewport: { width: 1360, height: 1500 }, deviceScaleFactor: 1 });
  for (const [page, picture] of pages) {
    await tab.goto(`file://${page}`);
    // A selector, not a function: the page's CSP forbids the eval a polled function needs.
    await tab.waitForSelector('#chart-versions canvas');
    const out = path.join(PACKAGE_ROOT, 'docs', picture);
    mkdirSync(path.dirname(out), { recursive: true });
    // The charts, the versions side by side and the first table: what a committee sees first.
    await tab.screenshot({ path: out, clip: { x: 0, y: 0, width: 1360, height: 1500 } });
    console.log(`written: ${path.relative(PACKAGE_ROOT, out)}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
