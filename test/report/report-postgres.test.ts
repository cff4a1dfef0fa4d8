/**
 * The report's grouped SQL on PostgreSQL gives the very report SQLite gives: the governance seed's rows, copied
 * as they are into a PostgreSQL store, reported in full, by period and by version.
 */
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { seedGovernance, WEEK_B, type GovernanceSeed } from '../../devkit/governance-seed.js';
import { RULES_VERSION } from '../../src/engine/rules-version.js';
import type { Report } from '../../src/report/compute.js';
import { ReportService } from '../../src/service/report-service.js';
import { PostgresFeedbackStore } from '../../src/store/postgres-store.js';

let server: TestPostgres;
let seed: GovernanceSeed;
let store: PostgresFeedbackStore;

/** Copies every row of a table, every column as stored. */
async function copy(pool: pg.Pool, table: string): Promise<void> {
  const rows = await seed.t.store.readQuery(`SELECT * FROM ${table}`, []);
  for (const row of rows) {
    const cols = Object.keys(row).filter((c) => c !== 'id');
    await pool.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_c, i) => `$${i + 1}`).join(', ')})`, cols.map((c) => row[c]));
  }
}

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('report');
  store = await PostgresFeedbackStore.open(server.url('report'));
  seed = await seedGovernance();
  const pool = new pg.Pool({ connectionString: server.url('report'), max: 1 });
  try {
    await copy(pool, 'card_shown');
    await copy(pool, 'feedback');
  } finally {
    await pool.end();
  }
}, 120_000);

afterAll(async () => {
  await store?.close();
  await server?.stop();
});

const without = (r: Report) => ({ ...r, generated_at: '' });

describe('governance report on PostgreSQL', () => {
  const now = () => new Date('2026-07-01T00:00:00Z');
  it.each([
    ['everything', {}],
    ['week B only', { since: WEEK_B }],
    ['rules version 3', { rulesVersion: RULES_VERSION }],
    ['rules version unknown', { rulesVersion: 'unknown' }],
  ])('%s: the same report as SQLite', async (_name, request) => {
    const fromSqlite = await new ReportService({ store: seed.t.store, locale: 'en', now }).report(request);
    const fromPostgres = await new ReportService({ store, locale: 'en', now }).report(request);
    expect(without(fromPostgres)).toEqual(without(fromSqlite));
  });

  it('the seeded counts are there (the comparison is not of two empty reports)', async () => {
    const r = await new ReportService({ store, locale: 'en', now }).report({});
    expect(r.totals).toMatchObject({ shown: 7, with_feedback: 6, accepted: 2, overridden: 4, median_seconds_to_feedback: 105 });
    expect(r.flagged.feedback_unknown_card).toEqual({ items: 2, cards: 1 });
    expect(r.by_version).toHaveLength(1);
  });
});
