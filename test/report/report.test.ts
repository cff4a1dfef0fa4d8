/** The governance report over a store seeded through the real endpoints: every count, rate, reason, format; GET /admin/report. */
import request from 'supertest';
import { seedGovernance, WEEK_B, type GovernanceSeed } from '../../devkit/governance-seed.js';
import { testApp } from '../../devkit/test-app.js';
import { MESSAGES } from '../../src/cards/messages.js';
import type { Report } from '../../src/report/compute.js';
import { loadSettings } from '../../src/config/settings.js';
import { CSV_HEADER } from '../../src/report/formats/csv.js';
import { ReportService } from '../../src/service/report-service.js';
import { buildClinicalConfig } from '../../src/config/clinical-config.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import { configHash, packageVersion } from '../../src/service/versions.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';

const TOKEN = 'admin-token-0123456789abcdef';
let seed: GovernanceSeed;
let reports: ReportService;
let report: Report;

beforeAll(async () => {
  seed = await seedGovernance({ CDS_ADMIN_TOKEN: TOKEN });
  reports = new ReportService({ store: seed.t.store, locale: 'en', now: () => new Date('2026-07-01T00:00:00Z') });
  report = await reports.report({});
});

const row = (r: Report, code: string) => r.rows.find((x) => x.decision_code === code)!;

describe('governance report: counts', () => {
  it('the seeded cards are the decisions the fixtures stand for', () => {
    for (const s of [...seed.pvBiopsy, ...seed.osBiopsy]) expect(s.card.source.topic?.code).toBe('biopsy-recommended');
    for (const s of seed.pvWindow) expect(s.card.source.topic?.code).toBe('ifn-window');
    // Order-select warnings offer override reasons; patient-view info cards do not.
    expect(seed.osBiopsy[0]!.card.overrideReasons?.map((r) => r.code)).toContain('patient-preference');
    expect(seed.pvBiopsy[0]!.card.overrideReasons).toBeUndefined();
  });

  it('per decision code: shown, with feedback, accepted, overridden, both rates, reasons, suggestions, median', () => {
    const biopsyLabel = seed.pvBiopsy[0]!.card.suggestions![0]!.label;
    const osFirstLabel = seed.osBiopsy[2]!.card.suggestions![0]!.label;
    expect(row(report, 'biopsy-recommended')).toEqual({
      decision_code: 'biopsy-recommended',
      name: MESSAGES.en.topic['biopsy-recommended'],
      shown: 5,
      with_feedback: 5,
      accepted: 2,
      overridden: 3,
      override_rate: 0.6,
      override_rate_per_shown: 0.6,
      override_reasons: { '(none)': 1, 'patient-preference': 1 },
      override_reasons_not_offered: { 'made-up-reason': 1 },
      accepted_suggestions: biopsyLabel === osFirstLabel ? { [biopsyLabel]: 2 } : { [biopsyLabel]: 1, [osFirstLabel]: 1 },
      accepted_suggestions_not_on_card: 1,
      // 60, 120, 300, 600 (week A), 30 (week B) seconds
      median_seconds_to_feedback: 120,
    });
    expect(row(report, 'ifn-window')).toMatchObject({
      shown: 2,
      with_feedback: 1,
      accepted: 0,
      overridden: 1,
      override_rate: 1,
      override_rate_per_shown: 0.5,
      override_reasons: { '(none)': 1 },
      override_reasons_not_offered: {},
      accepted_suggestions: {},
      median_seconds_to_feedback: 90,
    });
    expect(report.rows.map((r) => r.decision_code)).toEqual(['biopsy-recommended', 'ifn-window']);
  });

  it('totals and the period covered', () => {
    expect(report.totals).toMatchObject({ shown: 7, with_feedback: 6, accepted: 2, overridden: 4, override_rate: 0.6667, override_rate_per_shown: 0.5714, median_seconds_to_feedback: 105 });
    expect(report.period).toEqual({ since: null, until: null, first_shown: '2026-06-15T12:00:00.000Z', last_shown: '2026-06-22T12:00:00.000Z' });
    expect(report.has_data).toBe(true);
    expect(report.generated_at).toBe('2026-07-01T00:00:00.000Z');
  });

  it('per decision, indicator and hook', () => {
    const get = (indicator: string, hook: string) => report.by_indicator_hook.find((r) => r.decision_code === 'biopsy-recommended' && r.indicator === indicator && r.hook === hook);
    expect(get('info', 'patient-view')).toMatchObject({ shown: 2, with_feedback: 2, accepted: 1, overridden: 1, override_rate: 0.5, override_reasons: { '(none)': 1 } });
    expect(get('warning', 'order-select')).toMatchObject({ shown: 3, with_feedback: 3, accepted: 1, overridden: 2, override_rate: 0.6667, override_reasons: { 'patient-preference': 1 }, override_reasons_not_offered: { 'made-up-reason': 1 } });
    expect(report.by_indicator_hook).toHaveLength(3);
  });

  it('per ISO week, with the decisions of each week', () => {
    expect(report.weeks.map((w) => [w.week, w.week_start, w.shown, w.with_feedback, w.accepted, w.overridden])).toEqual([
      ['2026-W25', '2026-06-15', 5, 5, 1, 4],
      ['2026-W26', '2026-06-22', 2, 1, 1, 0],
    ]);
    expect(report.weeks[1]!.rows.map((r) => [r.decision_code, r.shown, r.accepted])).toEqual([
      ['biopsy-recommended', 1, 1],
      ['ifn-window', 1, 0],
    ]);
  });

  it('feedback a report can trust: unknown cards, reasons not offered and suggestions not on the card counted apart', () => {
    expect(report.flagged).toEqual({ feedback_unknown_card: { items: 2, cards: 1 }, override_reasons_not_offered: 1, accepted_suggestions_not_on_card: 1 });
    expect(report.shown_dropped).toBe(0);
    expect(report.notes.join(' ')).toMatch(/2 items on 1 cards/);
    expect(report.notes.join(' ')).toMatch(/Shown-card rows dropped \(not recorded\): 0/);
  });

  it('the period filters by when the card was shown; feedback follows its card', async () => {
    const weekB = await reports.report({ since: new Date('2026-06-22T00:00:00Z') });
    expect(weekB.totals).toMatchObject({ shown: 2, with_feedback: 1, accepted: 1, overridden: 0 });
    expect(weekB.weeks.map((w) => w.week)).toEqual(['2026-W26']);
    const weekA = await reports.report({ until: new Date('2026-06-22T00:00:00Z') });
    expect(weekA.totals).toMatchObject({ shown: 5, with_feedback: 5, accepted: 1, overridden: 4 });
    // Until is exclusive: a card shown at exactly that instant belongs to the next period.
    const upToB = await reports.report({ until: WEEK_B });
    expect(upToB.totals.shown).toBe(5);
    // Unknown-card feedback is placed by when it arrived (week A).
    expect(weekB.flagged.feedback_unknown_card.items).toBe(0);
    expect(weekA.flagged.feedback_unknown_card.items).toBe(2);
  });

  it('an empty store gives a report that says there is no data', async () => {
    const empty = testApp();
    const r = await new ReportService({ store: empty.store, locale: 'en', now: () => new Date() }).report({});
    expect(r).toMatchObject({ has_data: false, rows: [], weeks: [], totals: { shown: 0, override_rate: null, override_rate_per_shown: null, median_seconds_to_feedback: null } });
    for (const format of ['table', 'html'] as const) expect((await new ReportService({ store: empty.store, locale: 'en', now: () => new Date() }).rendered({}, format)).body).toMatch(/No data/);
    expect((await new ReportService({ store: empty.store, locale: 'en', now: () => new Date() }).rendered({}, 'csv')).body).toBe(`${CSV_HEADER.join(',')}\r\n`);
  });
});

describe('governance report: formats', () => {
  it('json has the shape the issue gives', async () => {
    const json = JSON.parse((await reports.rendered({}, 'json')).body) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['period', 'rows', 'weeks', 'totals', 'flagged', 'shown_dropped', 'notes']));
    const first = (json.rows as Record<string, unknown>[])[0]!;
    expect(Object.keys(first).slice(0, 2)).toEqual(['decision_code', 'name']);
    for (const k of ['shown', 'with_feedback', 'accepted', 'overridden', 'override_rate', 'override_reasons']) expect(first).toHaveProperty(k);
    expect(json).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('csv: the header as given, one row per decision code, reasons in one cell', async () => {
    const lines = (await reports.rendered({}, 'csv')).body.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('decision_code,shown,with_feedback,accepted,overridden,override_rate,')).toBe(true);
    expect(lines).toHaveLength(3);
    const cells = lines[1]!.split(',');
    expect(cells.slice(0, 8)).toEqual(['biopsy-recommended', '5', '5', '2', '3', '0.6', '0.6', '120']);
    expect(lines[1]).toContain('(none)=1; patient-preference=1');
    expect(lines[1]).toContain('made-up-reason=1');
    expect(lines[2]!.split(',').slice(0, 8)).toEqual(['ifn-window', '2', '1', '0', '1', '1', '0.5', '90']);
  });

  it('table: a line per decision and the total, with rates as percentages', async () => {
    const text = (await reports.rendered({}, 'table')).body;
    expect(text).toMatch(/biopsy-recommended\s+Liver biopsy recommended\s+5\s+5\s+2\s+3\s+60\.0%\s+60\.0%\s+2\.0 min/);
    expect(text).toMatch(/total\s+7\s+6\s+2\s+4\s+66\.7%\s+57\.1%/);
    expect(text).toMatch(/2026-W26\s+2026-06-22\s+2\s+1\s+1\s+0/);
    expect(text).toMatch(/Flagged: 2 feedback items on 1 unknown cards; 1 override reasons not offered; 1 accepted suggestions not on the card; 0 shown-card rows dropped/);
  });

  it('html: the decision code beside its readable name, every chart container, the notes', async () => {
    const html = (await reports.rendered({}, 'html')).body;
    expect(html).toMatch(/<code>biopsy-recommended<\/code><\/td><td class="l">Liver biopsy recommended<\/td>/);
    for (const id of ['chart-rate', 'chart-weeks', 'chart-reasons']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('What this data does and does not contain');
    expect(html).not.toMatch(/<script src=|<link /);
  });

  it('no format carries patient data or free-text comments', async () => {
    for (const format of ['table', 'csv', 'json', 'html'] as const) {
      const body = (await reports.rendered({}, format)).body;
      for (const p of seed.patientData) expect(body).not.toContain(p);
      expect(body).not.toContain('free text that must never be reported');
    }
  });
});

describe('GET /admin/report', () => {
  const auth = `Bearer ${TOKEN}`;

  it('does not exist without CDS_ADMIN_TOKEN (404)', async () => {
    const res = await request(testApp().app).get('/admin/report').set('Authorization', auth);
    expect(res.status).toBe(404);
  });

  it('401 without a token or with a wrong one, saying nothing more', async () => {
    for (const header of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      const req = request(seed.t.app).get('/admin/report?format=json');
      const res = header ? await req.set('Authorization', header) : await req;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(JSON.stringify(res.body)).not.toContain('biopsy');
    }
  });

  it('200 in each format, never cached; HTML by default with its own hash-based CSP', async () => {
    const html = await request(seed.t.app).get('/admin/report').set('Authorization', auth);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['cache-control']).toBe('no-store');
    const csp = html.headers['content-security-policy'] as string;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);

    const json = await request(seed.t.app).get('/admin/report?format=json&since=2026-06-22').set('Authorization', auth);
    expect(json.status).toBe(200);
    expect(json.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.body.totals).toMatchObject({ shown: 2, accepted: 1 });
    expect(json.body.period.since).toBe('2026-06-22T00:00:00.000Z');

    const csv = await request(seed.t.app).get('/admin/report?format=csv&until=2026-06-22T00:00:00Z').set('Authorization', auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[1]).toMatch(/^biopsy-recommended,4,4,1,3,/);
  });

  it('the token is never logged; a weak CDS_ADMIN_TOKEN stops start-up without repeating it', async () => {
    await request(seed.t.app).get('/admin/report?format=csv').set('Authorization', auth);
    await request(seed.t.app).get('/admin/report?format=csv').set('Authorization', 'Bearer guessed-token-000000');
    expect(seed.t.logs.join('\n')).toMatch(/admin\/report/);
    expect(seed.t.logs.join('\n')).not.toContain(TOKEN);
    expect(seed.t.logs.join('\n')).not.toContain('guessed-token-000000');
    expect(() => loadSettings({ CDS_ADMIN_TOKEN: 'short-secret' })).toThrow(/CDS_ADMIN_TOKEN must be at least 16 printable characters/);
    expect(() => loadSettings({ CDS_ADMIN_TOKEN: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => loadSettings({ CDS_ADMIN_TOKEN: 'sixteen chars but spaces' })).toThrow(/no spaces/);
    expect(loadSettings({ CDS_ADMIN_TOKEN: 'exactly-16-chars' }).adminToken).toBe('exactly-16-chars');
    expect(loadSettings({}).adminToken).toBeUndefined();
  });

  it('readQuery refuses a statement that writes', async () => {
    await expect(seed.t.store.readQuery('DELETE FROM feedback', [])).rejects.toThrow(/read-only query/);
    expect((await seed.t.store.readQuery('SELECT COUNT(*) AS n FROM feedback WHERE outcome = ?', ['accepted']))[0]).toEqual({ n: 2 });
  });

  it('bad parameters → 400 OperationOutcome naming them', async () => {
    for (const [query, message] of [
      ['format=pdf', /format must be one of table, csv, json, html/],
      ['since=yesterday', /since "yesterday" is not an ISO date/],
      ['until=2026-02-30', /until "2026-02-30" is not an ISO date/],
      ['since=2026-07-01&until=2026-06-01', /since .* must be before until/],
      ['rules_version=3%27%20OR%201', /rules_version .* is not a rules version/],
      ['config_hash=ABC', /config_hash "ABC" is not 12 lowercase hex/],
    ] as const) {
      const res = await request(seed.t.app).get(`/admin/report?${query}`).set('Authorization', auth);
      expect(res.status).toBe(400);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(res.body.issue.map((i: { diagnostics: string }) => i.diagnostics).join(' | ')).toMatch(message);
    }
  });
});

describe('governance report: versions on every row', () => {
  const auth = `Bearer ${TOKEN}`;
  const hash = configHash(buildClinicalConfig({}));

  it('every shown card and feedback item records the rules version, the config hash and the service version', async () => {
    expect(hash).toMatch(/^[0-9a-f]{12}$/);
    const shown = await seed.t.store.readQuery('SELECT DISTINCT rules_version, config_hash, service_version FROM card_shown', []);
    expect(shown).toEqual([{ rules_version: RULES_VERSION, config_hash: hash, service_version: packageVersion() }]);
    const feedback = await seed.t.store.readQuery('SELECT DISTINCT rules_version, config_hash, service_version FROM feedback', []);
    expect(feedback).toEqual([{ rules_version: RULES_VERSION, config_hash: hash, service_version: packageVersion() }]);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('the config hash follows the config, not the order its keys were written in', () => {
    const config = buildClinicalConfig({});
    const reordered = Object.fromEntries(Object.entries(config).reverse()) as typeof config;
    expect(configHash(reordered)).toBe(hash);
    const changed = buildClinicalConfig({ flareLookbackDays: config.flareLookbackDays + 1 } as never);
    expect(configHash(changed)).not.toBe(hash);
  });

  it('per version, side by side: old rows read "unknown"; a filter keeps one version', async () => {
    // A card recorded before versions were kept (no versions given: the column default), overridden.
    const store = seed.t.store as SqliteFeedbackStore;
    store.recordShown([{ card: 'old-card', serviceId: 'ifn-timing-patient-view', hook: 'patient-view', hookInstance: 'h-old', decisionCode: 'ifn-window', indicator: 'info', shownAt: '2026-06-16T08:00:00.000Z', overrideReasons: [], suggestions: {} }]);
    await store.save('ifn-timing-patient-view', [{ card: 'old-card', outcome: 'overridden', outcomeTimestamp: '2026-06-16T08:01:00.000Z' }], new Date('2026-06-16T08:01:00Z'));
    try {
      const all = await reports.report({});
      expect(all.by_version.map((v) => [v.rules_version, v.config_hash, v.shown, v.with_feedback, v.overridden])).toEqual([
        [RULES_VERSION, hash, report.totals.shown, report.totals.with_feedback, report.totals.overridden],
        ['unknown', 'unknown', 1, 1, 1],
      ]);
      expect(all.by_version[1]!.override_rate).toBe(1);
      expect(all.by_version[1]!.median_seconds_to_feedback).toBe(60);
      const v3 = await reports.report({ rulesVersion: RULES_VERSION, configHash: hash });
      expect(v3.totals).toEqual(report.totals);
      expect(v3.filter).toEqual({ rules_version: RULES_VERSION, config_hash: hash });
      const unknown = await reports.report({ rulesVersion: 'unknown' });
      expect(unknown.totals).toMatchObject({ shown: 1, with_feedback: 1, overridden: 1 });
      // Feedback for unknown cards was received by this service (version 3): not counted under "unknown".
      expect(unknown.flagged.feedback_unknown_card.items).toBe(0);
      expect(v3.flagged.feedback_unknown_card).toEqual(report.flagged.feedback_unknown_card);
      const table = (await reports.rendered({}, 'table')).body;
      expect(table).toMatch(new RegExp(`By rules version and config\\n.*\\n.*\\n${RULES_VERSION} +${hash} +${report.totals.shown} `));
      expect(table).toMatch(/\nunknown +unknown +1 +1 +0 +1 +100\.0%/);
      const html = (await reports.rendered({}, 'html')).body;
      expect(html).toContain('id="chart-versions"');
      expect(html).toMatch(/<table id="versions">.*<code>unknown<\/code>/s);
      const served = await request(seed.t.app).get(`/admin/report?format=json&rules_version=${RULES_VERSION}`).set('Authorization', auth);
      expect(served.status).toBe(200);
      expect(served.body.totals.shown).toBe(report.totals.shown);
    } finally {
      // Leave the seeded store as the other tests expect it.
      (store as unknown as { db: { prepare(s: string): { run(...a: unknown[]): unknown } } }).db.prepare("DELETE FROM feedback WHERE card_uuid = 'old-card'").run();
      (store as unknown as { db: { prepare(s: string): { run(...a: unknown[]): unknown } } }).db.prepare("DELETE FROM card_shown WHERE card_uuid = 'old-card'").run();
    }
  });
});
