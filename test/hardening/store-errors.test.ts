/**
 * Issue 21, store findings, on both back ends (SQLite file; a real PostgreSQL server): a row the database refuses
 * as data never holds up the shown-card rows behind it (dropped, counted by reason); U+0000 in a hookInstance or a
 * free-text feedback field reaches neither database; a feedback item with U+0000 in an id, or a 3 KB card id, is a
 * 400 naming it (never 503) and nothing of the POST is stored; rows still buffered at exit are counted; /readyz
 * means "can write"; an outside SQLite write lock does not freeze the event loop.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { jest } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { StoreDataError } from '../../src/store/errors.js';
import { PostgresFeedbackStore } from '../../src/store/postgres-store.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import type { FeedbackStore, ShownCard, ShownDropReason, StoreObserver } from '../../src/store/store.js';
import type { Feedback } from '../../src/contract/types.js';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { PV, testApp } from '../../devkit/test-app.js';

let server: TestPostgres;
let dbs = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(() => server?.stop());

interface Drops {
  events: { rows: number; reason: ShownDropReason; code?: string }[];
  observer: StoreObserver;
}
const drops = (): Drops => {
  const events: Drops['events'] = [];
  return { events, observer: { shownDropped: (rows, reason, code) => void events.push({ rows, reason, ...(code ? { code } : {}) }) } };
};

const sqliteFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'ifn-hard-store-')), 'feedback.sqlite');
const backends = [
  { name: 'sqlite', open: async (observer: StoreObserver = {}) => new SqliteFeedbackStore(sqliteFile(), { observer }) },
  {
    name: 'postgres',
    open: async (observer: StoreObserver = {}) => {
      const db = `hard${++dbs}`;
      await server.createDatabase(db);
      return PostgresFeedbackStore.open(server.url(db), { observer });
    },
  },
] as const;

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const shown = (card: string, hookInstance = 'b8c4a1e2-0f3d-4d6a-9e1b-2c3d4e5f6a7b'): ShownCard => ({
  card, serviceId: 'ifn-timing-patient-view', hook: 'patient-view', hookInstance, decisionCode: 'ifn-window', indicator: 'info', shownAt: '2026-06-15T10:00:00.000Z', overrideReasons: [], suggestions: {},
});
const item = (card: string, extra: Partial<Feedback> = {}): Feedback => ({ card, outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:21:00Z', ...extra });
const count = async (store: FeedbackStore, table: string) => Number((await store.readQuery(`SELECT count(*) AS n FROM ${table}`, []))[0]!.n);

describe.each(backends)('$name', (backend) => {
  it('U+0000 in a hookInstance stops nothing: every row written, the text stored without it', async () => {
    const store = await backend.open();
    try {
      store.recordShown([shown(uuid(1)), shown(uuid(2), 'bad\u0000instance'), shown(uuid(3))]);
      await store.flushShown();
      expect(await count(store, 'card_shown')).toBe(3);
      expect((await store.readQuery('SELECT hook_instance FROM card_shown WHERE card_uuid = ?', [uuid(2)]))[0]!.hook_instance).toBe('badinstance');
      expect(store.shownDropped()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a shown-card row the database refuses as data is dropped, counted (refused) and reported once; the rows behind it are written', async () => {
    const d = drops();
    const store = await backend.open(d.observer);
    try {
      // NOT NULL violated: refused as data by either database (the service never builds such a row; a defect might).
      const broken = { ...shown(uuid(11)), decisionCode: null } as unknown as ShownCard;
      store.recordShown([shown(uuid(10)), broken, shown(uuid(12))]);
      await store.flushShown();
      store.recordShown([shown(uuid(13))]);
      await store.flushShown();
      expect(await count(store, 'card_shown')).toBe(3);
      expect(store.shownDroppedBy()).toEqual({ 'buffer-full': 0, refused: 1, shutdown: 0 });
      expect(d.events).toEqual([{ rows: 1, reason: 'refused', code: expect.stringMatching(/^(23502|SQLITE_CONSTRAINT_NOTNULL)$/) }]);
      expect(store.shownPending()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('feedback the database refuses as data: StoreDataError naming each refused item, nothing of the POST stored', async () => {
    const store = await backend.open();
    try {
      const bad = { ...item(uuid(21)), outcome: 'maybe' } as unknown as Feedback; // the CHECK constraint refuses it
      const refused = await store.save('s', [item(uuid(20)), bad, item(uuid(22)), bad], new Date()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(StoreDataError);
      expect((refused as StoreDataError).items).toEqual([1, 3]);
      expect(await count(store, 'feedback')).toBe(0);
      expect(await store.save('s', [item(uuid(20))], new Date())).toEqual({ stored: 1, new: 1 });
    } finally {
      await store.close();
    }
  });

  it('a 4 KB jti (past PostgreSQL\'s index row limit) or one with U+0000: remembered, then refused as a replay, never an error', async () => {
    const store = await backend.open();
    try {
      for (const jti of [randomBytes(3000).toString('base64'), 'nul\u0000jti']) {
        expect(await store.rememberJti(`https://ehr.example ${jti}`, 2e9)).toBe('new');
        expect(await store.rememberJti(`https://ehr.example ${jti}`, 2e9)).toBe('replay');
      }
    } finally {
      await store.close();
    }
  });

  describe('feedback over HTTP', () => {
    let store: FeedbackStore;
    let app: ReturnType<typeof testApp>['app'];
    beforeEach(async () => {
      store = await backend.open();
      app = testApp({}, undefined, { store }).app;
    });
    afterEach(() => store.close());
    const post = (items: unknown[]) => request(app).post(`${PV}/feedback`).send({ feedback: items });

    it.each([
      ['U+0000 in the card id', item('c0a8b3f4-2b1e-4c1a-9d2e\u00001f2a3b4c5d6e'), 'feedback[1].card', /control character/],
      ['a 3 KB card id', item('c'.repeat(3000)), 'feedback[1].card', /longer than 256 characters/],
      ['U+0000 in an override reason code', item(uuid(31), { overrideReason: { reason: { code: 'patient\u0000preference' } } }), 'feedback[1].overrideReason.reason.code', /control character/],
      ['a 3 KB accepted suggestion id', item(uuid(31), { outcome: 'accepted', acceptedSuggestions: [{ id: 's'.repeat(3000) }] }), 'feedback[1].acceptedSuggestions[0].id', /longer than 256/],
    ])('%s → 400 naming the item (not 503), nothing of the POST stored', async (_what, bad, expression, message) => {
      const res = await post([item(uuid(30)), bad, item(uuid(32))]);
      expect(res.status).toBe(400);
      expect(res.body.issue).toEqual([expect.objectContaining({ code: 'invalid', expression: [expression], diagnostics: expect.stringMatching(message) })]);
      expect(await count(store, 'feedback')).toBe(0);
    });

    it('U+0000 in free text (userComment, display) is removed, and the item stored: 200', async () => {
      const res = await post([item(uuid(40), { overrideReason: { reason: { code: 'other', display: 'Other\u0000' }, userComment: 'seen\u0000 in clinic' } })]);
      expect(res.status).toBe(200);
      expect(await store.readQuery('SELECT user_comment, override_display FROM feedback', [])).toEqual([{ user_comment: 'seen in clinic', override_display: 'Other' }]);
    });
  });
});

describe('postgres', () => {
  it('a 4 KB card id in a shown-card row (past the index row limit, 54000) is dropped and counted; the rest written', async () => {
    const d = drops();
    const store = await backends[1].open(d.observer);
    try {
      // Random, so that PostgreSQL cannot compress it under the limit.
      store.recordShown([shown(uuid(50)), shown(randomBytes(3000).toString('base64')), shown(uuid(51))]);
      await store.flushShown();
      expect(await count(store, 'card_shown')).toBe(2);
      expect(d.events).toEqual([{ rows: 1, reason: 'refused', code: '54000' }]);
    } finally {
      await store.close();
    }
  });

  it('/readyz: 503 when the database takes no writes (default_transaction_read_only), though it answers reads', async () => {
    await server.createDatabase('readonly');
    const store = await PostgresFeedbackStore.open(server.url('readonly'));
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
    try {
      expect(await store.healthy()).toBe(true);
      await admin.query('ALTER DATABASE readonly SET default_transaction_read_only = on');
      // The setting applies to new sessions: the store's connections are ended, its pool opens new ones.
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'readonly'");
      jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 5000); // past the probe's one-second cache
      expect(await store.healthy()).toBe(false);
      expect(await store.readQuery('SELECT 1 AS one', [])).toEqual([{ one: 1 }]);
      expect((await request(testApp({}, undefined, { store }).app).get('/readyz')).status).toBe(503);
      // Opening it now fails (the migrations' bookkeeping needs a write): a store that cannot write does not start.
      await expect(PostgresFeedbackStore.open(server.url('readonly'))).rejects.toThrow(/read-only/);
    } finally {
      jest.restoreAllMocks();
      await admin.query('ALTER DATABASE readonly RESET default_transaction_read_only');
      await admin.end();
      await store.close();
    }
  });
});

describe('sqlite: a write lock held outside the service', () => {
  let file: string;
  let store: SqliteFeedbackStore;
  let outside: Database.Database;
  beforeEach(() => {
    file = sqliteFile();
    store = new SqliteFeedbackStore(file, { busyRetryMs: 60_000 });
    outside = new Database(file);
    outside.exec('BEGIN IMMEDIATE');
  });
  afterEach(async () => {
    if (outside.inTransaction) outside.exec('ROLLBACK');
    outside.close();
    await store.close();
  });

  it('does not freeze the event loop: the write waits off it, and is committed once the lock is released', async () => {
    let settled = false;
    const saved = store.save('s', [item(uuid(60))], new Date()).finally(() => (settled = true));
    // The event loop runs other work meanwhile (a synchronous 5 s busy wait would have settled the save first).
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);
    const remembered = store.rememberJti('iss j1', 2e9);
    outside.exec('COMMIT');
    expect(await saved).toEqual({ stored: 1, new: 1 });
    expect(await remembered).toBe('new');
  });

  it('/readyz says not ready while no write can be made; ready again once it can', async () => {
    expect(await store.healthy()).toBe(false);
    outside.exec('COMMIT');
    const later = new Date(Date.now() + 5000); // past the probe's one-second cache
    jest.spyOn(Date, 'now').mockReturnValue(later.getTime());
    try {
      expect(await store.healthy()).toBe(true);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('rows still buffered at exit are counted as dropped (shutdown), not reported as 0', async () => {
    outside.exec('COMMIT');
    const d = drops();
    const observed = new SqliteFeedbackStore(file, { observer: d.observer });
    outside.exec('BEGIN IMMEDIATE');
    observed.recordShown([shown(uuid(70)), shown(uuid(71))]);
    await observed.close();
    expect(observed.shownDroppedBy()).toEqual({ 'buffer-full': 0, refused: 0, shutdown: 2 });
    expect(observed.shownDropped()).toBe(2);
    expect(d.events).toEqual([{ rows: 2, reason: 'shutdown' }]);
  });
});
