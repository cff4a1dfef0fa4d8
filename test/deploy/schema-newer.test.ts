/**
 * An older build refuses a database migrated by a newer one: one line on stderr naming both versions, exit 2,
 * nothing changed; on SQLite and PostgreSQL. The same database at the known version starts.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadMigrations, migrationsDir } from '../../src/store/migrations.js';
import { PostgresFeedbackStore } from '../../src/store/postgres-store.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { tempDir } from '../../devkit/processes.js';
import { shippedCopy, shippedMain, startShipped } from '../../devkit/shipped.js';

const newest = loadMigrations(migrationsDir('sqlite')).reduce((n, m) => Math.max(n, m.version), 0);
const future = newest + 1;

let dir: string;
let server: TestPostgres;
beforeAll(async () => {
  dir = shippedCopy('ifn-schema-newer-', { linkModules: true });
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startOnce(env: Record<string, string>) {
  return spawnSync(process.execPath, [shippedMain(dir)], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 60_000 });
}

function expectRefused(r: ReturnType<typeof startOnce>, setting: string): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(setting);
  expect(lines[0]).toContain(`database schema version ${future} is newer than this build knows (${newest})`);
}

async function startsAndStops(env: Record<string, string>): Promise<void> {
  const { proc, value: base } = await startShipped(dir, env);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  await proc.stop();
}

test('SQLite: a schema newer than the newest migration is refused, the known one starts', async () => {
  const dataDir = tempDir('ifn-schema-sqlite-');
  const file = path.join(dataDir, 'feedback.sqlite');
  await new SqliteFeedbackStore(file).close();
  await startsAndStops({ CDS_DATA_DIR: dataDir });

  const db = new Database(file);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(future, 'from-a-newer-release', new Date().toISOString());
  db.close();
  expectRefused(startOnce({ CDS_DATA_DIR: dataDir }), 'CDS_DATA_DIR');

  const after = new Database(file, { readonly: true });
  expect(after.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: future });
  after.close();
}, 120_000);

test('PostgreSQL: a schema newer than the newest migration is refused, the known one starts', async () => {
  await server.createDatabase('newer');
  const url = server.url('newer');
  await (await PostgresFeedbackStore.open(url)).close();
  await startsAndStops({ CDS_DATABASE_URL: url });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [future, 'from-a-newer-release', new Date().toISOString()]);
    const r = startOnce({ CDS_DATABASE_URL: url });
    expectRefused(r, 'CDS_DATABASE_URL');
    expect(r.stderr).not.toContain('test-only-password');
    const versions = await client.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(versions.rows[0]!.n)).toBe(newest + 1);
  } finally {
    await client.end();
  }
}, 120_000);
