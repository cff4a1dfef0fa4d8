/**
 * The store contract on both back ends (SQLite file; a real PostgreSQL server): idempotent feedback under
 * concurrency, the shared jti replay memory, read-only portable queries, override reasons of shown cards,
 * migrations that fail leaving the schema as it was; PostgreSQL down: 503 transient, hooks still answered,
 * shown cards buffered up to the bound and written once it is back.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { loadMigrations, MigrationError, migrationsDir } from '../../src/store/migrations.js';
import { PostgresFeedbackStore } from '../../src/store/postgres-store.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import type { FeedbackStore, ShownCard } from '../../src/store/store.js';
import { testEhr } from '../../devkit/client-jwt.js';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { PV, fixtureRequest, testApp } from '../../devkit/test-app.js';

let server: TestPostgres;
let dbs = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store; `migrations` replaces the migrations folder; `reuse` reopens the last one. */
  open(options?: { migrations?: string; reuse?: boolean; shownBufferRows?: number }): Promise<FeedbackStore>;
}

let lastSqlite = '';
let lastPg = '';
const backends: Backend[] = [
  {
    name: 'sqlite',
    open: async (o = {}) => {
      if (!o.reuse) lastSqlite = path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-store-')), 'feedback.sqlite');
      return new SqliteFeedbackStore(lastSqlite, o);
    },
  },
  {
    name: 'postgres',
    open: async (o = {}) => {
      if (!o.reuse) {
        lastPg = `store${++dbs}`;
        await server.createDatabase(lastPg);
      }
      return PostgresFeedbackStore.open(server.url(lastPg), o);
    },
  },
];

const item = (card: string, outcome: 'accepted' | 'overridden' = 'overridden', code = 'patient-preference') =>
  outcome === 'accepted'
    ? { card, outcome, acceptedSuggestions: [{ id: 'order-hbv-dna' }], outcomeTimestamp: '2026-06-15T10:20:00Z' }
    : { card, outcome, overrideReason: { reason: { code } }, outcomeTimestamp: '2026-06-15T10:21:00Z' };
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const count = async (store: FeedbackStore, table = 'feedback') => Number((await store.readQuery(`SELECT count(*) AS n FROM ${table}`, []))[0]!.n);
const shown = (card: string, overrideReasons: string[] = []): ShownCard => ({
  card, serviceId: 'ifn-timing-patient-view', hook: 'patient-view', hookInstance: 'h', decisionCode: 'ifn-window', indicator: 'info', shownAt: '2026-06-15T10:00:00.000Z', overrideReasons, suggestions: {},
});

describe.each(backends)('$name store', (backend) => {
  let store: FeedbackStore;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(() => store.close());

  it('the same feedback item posted again is stored once; a different outcome for the card is a new row', async () => {
    const t = testApp({}, undefined, { store });
    const post = (items: unknown[]) => request(t.app).post(`${PV}/feedback`).send({ feedback: items });
    const first = await post([item(uuid(1)), item(uuid(2), 'accepted')]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ stored: 2, new: 2 });
    const again = await post([item(uuid(1)), item(uuid(2), 'accepted')]);
    expect(again.body).toEqual({ stored: 2, new: 0 });
    expect((await post([item(uuid(1), 'accepted')])).body).toEqual({ stored: 1, new: 1 });
    expect((await post([item(uuid(1), 'overridden', 'other-reason')])).body).toEqual({ stored: 1, new: 1 });
    expect(await count(store)).toBe(4);
  });

  it('concurrent posts: 40 distinct items, each posted twice at once → exactly 40 rows, 40 counted new', async () => {
    const t = testApp({}, undefined, { store });
    const posts = Array.from({ length: 80 }, (_, i) => request(t.app).post(`${PV}/feedback`).send({ feedback: [item(uuid(i % 40))] }));
    const answers = await Promise.all(posts);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(answers.reduce((n, a) => n + (a.body.new as number), 0)).toBe(40);
    expect(await count(store)).toBe(40);
  });

  it('jti memory: new, then replay; refused again until its expiry has passed; expired rows purged', async () => {
    const now = 1_900_000_000;
    expect(await store.rememberJti('iss a', now + 60, now)).toBe('new');
    expect(await store.rememberJti('iss a', now + 60, now + 30)).toBe('replay');
    expect(await store.rememberJti('iss b', now + 60, now)).toBe('new');
    expect(await store.rememberJti('iss a', now + 200, now + 61)).toBe('new'); // the first token expired
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => store.rememberJti('iss c', now + 60, now)));
    expect(concurrent.filter((r) => r === 'new')).toHaveLength(1);
    await (store as SqliteFeedbackStore | PostgresFeedbackStore).purgeExpired(now + 100);
    expect((await store.readQuery('SELECT key FROM jti_seen ORDER BY key', [])).map((r) => r.key)).toEqual(['iss a']);
  });

  it('readQuery: ? placeholders on both back ends, shown cards flushed first, writes refused', async () => {
    store.recordShown([shown(uuid(7), ['patient-preference', 'specialist-reviewed']), shown(uuid(8))]);
    const rows = await store.readQuery("SELECT card_uuid, override_reasons FROM card_shown WHERE card_uuid = ? AND decision_code <> '?' ORDER BY card_uuid", [uuid(7)]);
    expect(rows).toEqual([{ card_uuid: uuid(7), override_reasons: '["patient-preference","specialist-reviewed"]' }]);
    expect((await store.readQuery('SELECT override_reasons FROM card_shown WHERE card_uuid = ?', [uuid(8)]))[0]!.override_reasons).toBe('[]');
    await expect(store.readQuery('DELETE FROM card_shown', [])).rejects.toThrow();
    expect(await count(store, 'card_shown')).toBe(2);
  });

  it('a migration that fails leaves the schema as it was', async () => {
    await store.close();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-migrations-'));
    cpSync(migrationsDir(backend.name), dir, { recursive: true });
    writeFileSync(path.join(dir, '999-broken.sql'), 'CREATE TABLE half_done (x INTEGER);\nALTER TABLE feedback ADD COLUMN half_column TEXT;\nSELECT * FROM no_such_table;\n');
    await expect(backend.open({ migrations: dir, reuse: true })).rejects.toThrow(MigrationError);
    store = await backend.open({ reuse: true });
    // Refused queries (the table and the column do not exist). Not .rejects.toThrow(): better-sqlite3's native errors
    // may come from another jest module realm, which toThrow does not take for an Error.
    const refused = (sql: string) => store.readQuery(sql, []).then(() => false, () => true);
    expect(await refused('SELECT count(*) AS n FROM half_done')).toBe(true);
    expect(await refused('SELECT half_column FROM feedback')).toBe(true);
    expect((await store.readQuery('SELECT version FROM schema_migrations ORDER BY version', [])).map((r) => Number(r.version))).toEqual(loadMigrations(migrationsDir(backend.name)).map((m) => m.version));
  });
});

describe('an SQLite file from before versioned migrations', () => {
  it('is migrated in place: its rows kept, the new columns and jti_seen added', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-old-')), 'feedback.sqlite');
    const old = new Database(file);
    old.exec(readFileSync(path.join(migrationsDir('sqlite'), '001-initial.sql'), 'utf8'));
    old.prepare("INSERT INTO feedback (service_id, card_uuid, outcome, outcome_timestamp, received_at) VALUES ('s', ?, 'accepted', 't', 'r')").run(uuid(1));
    old.close();
    const store = new SqliteFeedbackStore(file);
    try {
      expect(await store.readQuery('SELECT card_uuid, dedup_key FROM feedback', [])).toEqual([{ card_uuid: uuid(1), dedup_key: null }]);
      // 005: rows from before versions were recorded read "unknown".
      expect(await store.readQuery('SELECT rules_version, config_hash, service_version FROM feedback', [])).toEqual([{ rules_version: 'unknown', config_hash: 'unknown', service_version: 'unknown' }]);
      expect(await store.rememberJti('k', 2e9)).toBe('new');
      store.recordShown([shown(uuid(2))]);
      expect(await count(store, 'card_shown')).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('postgres down (immediate shutdown), then back', () => {
  let store: PostgresFeedbackStore;
  const dropped: number[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    await server.createDatabase('outage');
    store = await PostgresFeedbackStore.open(server.url('outage'), {
      shownBufferRows: 5,
      observer: { shownDropped: (n) => void dropped.push(n), storeError: (op) => void errors.push(op) },
    });
  });
  afterAll(() => store.close());

  it('feedback 503 transient, hooks 200, tokens refused 503 (fail closed); buffered shown cards written after restart', async () => {
    const ehr = await testEhr();
    const base = 'https://cds.test.example';
    const t = testApp({ CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: base, CDS_TRUSTED_CLIENTS: ehr.trustedClients }, undefined, { store });
    const hook = async () =>
      request(t.app).post(PV).set('Authorization', `Bearer ${await ehr.token(`${base}${PV}`)}`).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch')));
    const openHooks = testApp({}, undefined, { store });
    expect((await hook()).status).toBe(200);
    await store.flushShown();
    expect(await count(store, 'card_shown')).toBe(1);

    server.crash();
    const feedback = await request(openHooks.app).post(`${PV}/feedback`).send({ feedback: [item(uuid(1))] });
    expect(feedback.status).toBe(503);
    expect(feedback.body.issue[0].code).toBe('transient');
    expect((await hook()).status).toBe(503); // the jti cannot be recorded: refused, never accepted
    expect(await store.healthy()).toBe(false);
    expect((await request(openHooks.app).get('/readyz')).status).toBe(503);
    const during = [];
    for (let i = 0; i < 7; i++) during.push(await request(openHooks.app).post(PV).set('Content-Type', 'application/json').send(JSON.stringify(fixtureRequest('patient-view-full-prefetch'))));
    expect(during.map((r) => r.status)).toEqual(during.map(() => 200));
    expect(store.shownDropped()).toBe(2); // bound 5: the 6th and 7th card were dropped, counted
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(2);
    expect(errors).toContain('save-feedback');

    await server.restart();
    let ready = false;
    for (let i = 0; i < 50 && !ready; i++) {
      ready = await store.healthy();
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready).toBe(true);
    await store.flushShown();
    expect(await count(store, 'card_shown')).toBe(6);
    const retried = await request(openHooks.app).post(`${PV}/feedback`).send({ feedback: [item(uuid(1))] });
    expect(retried.body).toEqual({ stored: 1, new: 1 });
    expect((await hook()).status).toBe(200);
  }, 60_000);
});
