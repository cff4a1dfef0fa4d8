/**
 * `npm run report:screenshot`: the README's picture of the HTML report (docs/report.png), taken in headless
 * Chromium from a store seeded directly with 20,000 shown cards over 12 weeks (devkit/report-rows.ts).
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
const html = (await new ReportService({ store, locale: 'en', now: () => end }).rendered({}, 'html')).body;
store.close();
const page = path.join(dir, 'report.html');
writeFileSync(page, html);

const browser = await launchBrowser();
try {
  const tab = await browser.newPage({ viewport: { width: 1360, height: 1200 }, deviceScaleFactor: 1 });
  await tab.goto(`file://${page}`);
  await tab.waitForFunction("document.querySelectorAll('canvas').length >= 3");
  const out = path.join(PACKAGE_ROOT, 'docs', 'report.png');
  mkdirSync(path.dirname(out), { recursive: true });
  // The charts and the first tables: what a committee sees first.
  await tab.screenshot({ path: out, clip: { x: 0, y: 0, width: 1360, height: 1200 } });
  console.log(`written: ${path.relative(PACKAGE_ROOT, out)}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
