import pg from 'pg';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';

// The PostgreSQL harness itself: a real server starts, takes writes, survives a crash with its data.
describe('devkit/postgres', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  it('starts a real server, keeps committed rows across an immediate shutdown and restart', async () => {
    await server.createDatabase('harness');
    const pool = new pg.Pool({ connectionString: server.url('harness') });
    pool.on('error', () => {});
    try {
      await pool.query('CREATE TABLE t (v text NOT NULL)');
      await pool.query("INSERT INTO t VALUES ('committed')");
      server.crash();
      await expect(pool.query('SELECT 1')).rejects.toThrow();
      await server.restart();
      let rows: unknown[] = [];
      for (let i = 0; i < 20 && rows.length === 0; i++) {
        rows = await pool.query('SELECT v FROM t').then((r) => r.rows, () => []);
        if (!rows.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(rows).toEqual([{ v: 'committed' }]);
    } finally {
      await pool.end();
    }
  }, 60_000);
});
