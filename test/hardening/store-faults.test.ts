/**
 * Issue 21, the fault runs that already held and must keep holding, on the built service as a real process:
 * kill -9 in the middle of a feedback burst loses no acknowledged row (SQLite and PostgreSQL); PostgreSQL stopped
 * (immediate shutdown) in the middle of a burst: every 200 has its row, every other answer is a 503 transient.
 * Start-up: a read-only SQLite store, or a malformed CDS_DATABASE_URL, is one line on stderr and exit code 2.
 * Each fault is triggered by a count of answers, never by the clock.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { SqliteFeedbackStore } from '../../src/store/sqlite-store.js';
import { EVALUATION_DATE } from '../../devkit/dates.js';
import { startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { build, jsonLine, start, tempDir, type Proc } from '../../devkit/processes.js';
import { PV, fixtureRequest } from '../../devkit/test-app.js';

let server: TestPostgres;
const procs: Proc[] = [];
beforeAll(async () => {
  build();
  server = await startPostgres();
}, 120_000);
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await server?.stop();
}, 60_000);

async function service(env: Record<string, string>): Promise<{ proc: Proc; url: string }> {
  const { proc, value } = await start(
    'dist/src/main.js',
    [],
    { PORT: '0', HOST: '127.0.0.1', CDS_FIXED_NOW: EVALUATION_DATE, CDS_DATA_DIR: tempDir('ifn-faults-'), LOG_LEVEL: 'info', ...env },
    (l) => {
      const j = jsonLine(l);
      return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? `http://127.0.0.1:${String(j.port)}` : undefined;
    },
    60_000,
  );
  procs.push(proc);
  return { proc, url: value };
}

const card = (run: number, i: number) => `00000000-0000-4000-${String(8000 + run)}-${String(i).padStart(12, '0')}`;
const feedbackBody = (c: string) => JSON.stringify({ feedback: [{ card: c, outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:21:00Z' }] });

/** One feedback POST on its own connection: its status, its OperationOutcome code, or 'no answer' (the process died). */
function postFeedback(url: string, c: string): Promise<{ status: number | 'no answer'; code?: string }> {
  return new Promise((resolve) => {
    const req = http.request(`${url}${PV}/feedback`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.statusCode === 503 ? { code: (JSON.parse(text) as { issue: { code: string }[] }).issue[0]!.code } : {}) }));
      res.on('error', () => resolve({ status: 'no answer' }));
    });
    req.on('error', () => resolve({ status: 'no answer' }));
    req.end(feedbackBody(c));
  });
}

interface Burst {
  acknowledged: string[];
  others: { card: string; status: number | 'no answer'; code?: string }[];
}

/**
 * Posts feedback items, `parallel` at a time, until `stopWhen` says so; `fault` runs once, after `faultAfter`
 * acknowledgements, while posts are in flight.
 */
async function burst(url: string, run: number, parallel: number, faultAfter: number, fault: () => void, stopWhen: (b: Burst) => boolean): Promise<Burst> {
  const b: Burst = { acknowledged: [], others: [] };
  let n = 0;
  let faulted = false;
  const worker = async () => {
    while (!stopWhen(b) && n < 20_000) {
      const c = card(run, n++);
      const answer = await postFeedback(url, c);
      if (answer.status === 200) b.acknowledged.push(c);
      else b.others.push({ card: c, ...answer });
      if (!faulted && b.acknowledged.length >= faultAfter) {
        faulted = true;
        fault();
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return b;
}

describe('kill -9 in the middle of a feedback burst: every acknowledged row is stored', () => {
  it('SQLite', async () => {
    const dataDir = tempDir('ifn-kill-');
    const { proc, url } = await service({ CDS_DATA_DIR: dataDir });
    const b = await burst(url, 1, 16, 100, () => proc.child.kill('SIGKILL'), (x) => x.others.length >= 16);
    expect(b.others.every((o) => o.status === 'no answer')).toBe(true);
    const db = new Database(path.join(dataDir, 'feedback.sqlite'), { readonly: true });
    try {
      const stored = new Set((db.prepare('SELECT card_uuid FROM feedback').all() as { card_uuid: string }[]).map((r) => r.card_uuid));
      expect(b.acknowledged.length).toBeGreaterThanOrEqual(100);
      expect(b.acknowledged.filter((c) => !stored.has(c))).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('PostgreSQL', async () => {
    await server.createDatabase('killed');
    const { proc, url } = await service({ CDS_DATABASE_URL: server.url('killed') });
    const b = await burst(url, 2, 16, 100, () => proc.child.kill('SIGKILL'), (x) => x.others.length >= 16);
    expect(b.others.every((o) => o.status === 'no answer')).toBe(true);
    const db = new pg.Client({ connectionString: server.url('killed') });
    await db.connect();
    try {
      const stored = new Set((await db.query<{ card_uuid: string }>('SELECT card_uuid FROM feedback')).rows.map((r) => r.card_uuid));
      expect(b.acknowledged.filter((c) => !stored.has(c))).toEqual([]);
    } finally {
      await db.end();
    }
  }, 120_000);
});

describe('PostgreSQL stopped (immediate shutdown) in the middle of a feedback burst', () => {
  it('every 200 has its row; every other answer is 503 transient', async () => {
    await server.createDatabase('stopped');
    const { proc, url } = await service({ CDS_DATABASE_URL: server.url('stopped') });
    const b = await burst(url, 3, 16, 100, () => server.crash(), (x) => x.others.length >= 50);
    await server.restart();
    expect(b.others.map((o) => `${o.status} ${o.code}`)).toEqual(b.others.map(() => '503 transient'));
    const db = new pg.Client({ connectionString: server.url('stopped') });
    await db.connect();
    try {
      const stored = new Set((await db.query<{ card_uuid: string }>('SELECT card_uuid FROM feedback')).rows.map((r) => r.card_uuid));
      expect(b.acknowledged.filter((c) => !stored.has(c))).toEqual([]);
    } finally {
      await db.end();
    }
    await proc.stop();
  }, 120_000);
});

describe('PostgreSQL down at SIGTERM with shown cards still buffered', () => {
  it('the exit log counts them as dropped (it said shownDropped: 0 while losing them)', async () => {
    await server.createDatabase('exitlog');
    const { proc, url } = await service({ CDS_DATABASE_URL: server.url('exitlog') });
    const hookBody = JSON.stringify(fixtureRequest('patient-view-full-prefetch'));
    server.crash();
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => fetch(`${url}${PV}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hookBody })));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      proc.child.kill('SIGTERM');
      expect((await proc.exited).code).toBe(0); // output read to its end: the lines below are complete
      const stopped = proc.lines.map(jsonLine).find((j) => j?.msg === 'stopped');
      expect(stopped).toMatchObject({ shownDropped: 5, shownDroppedBy: { 'buffer-full': 0, refused: 0, shutdown: 5 } });
      expect(proc.lines.map(jsonLine).find((j) => j?.reason === 'shutdown')).toMatchObject({ rows: 5, msg: 'shown-card rows not written before exit: dropped' });
    } finally {
      await server.restart();
    }
  }, 120_000);
});

describe('start-up refusals: one line naming the setting on stderr, exit code 2, no stack trace', () => {
  const run = (command: string, args: string[], env: Record<string, string>) => {
    const r = spawnSync(command, args, { cwd: PACKAGE_ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, stderr: r.stderr };
  };

  it('a malformed percent-escape in the CDS_DATABASE_URL password: named, the password never printed', () => {
    const { code, stderr } = run(process.execPath, [path.join(PACKAGE_ROOT, 'dist/src/main.js')], { CDS_DATABASE_URL: 'postgres://cds:s3cr%zzet@127.0.0.1:5432/cds' });
    expect(code).toBe(2);
    // The configuration problems' list (one line per problem): this one once, nothing else.
    expect(stderr.trim().split('\n').filter((l) => l.includes('CDS_DATABASE_URL'))).toHaveLength(1);
    expect(stderr).toMatch(/CDS_DATABASE_URL=postgres:\/\/cds@127\.0\.0\.1:5432\/cds: the password has a malformed percent-escape/);
    expect(stderr).not.toMatch(/s3cr|%zz|URIError|\bat .*\.js/);
  });

  it('a read-only SQLite store refuses to start (it would answer 503 to every feedback)', async () => {
    // The store exists and is migrated, but the service's user cannot write the file.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ifn-readonly-'));
    await new SqliteFeedbackStore(path.join(dir, 'feedback.sqlite')).close();
    const main = path.join(PACKAGE_ROOT, 'dist/src/main.js');
    let result;
    if (process.getuid?.() === 0) {
      // root writes any file: run the service as the user devkit/postgres.ts runs PostgreSQL as (created there).
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(dir, uid, -1);
      chmodSync(path.join(dir, 'feedback.sqlite'), 0o644);
      result = run('runuser', ['-u', 'postgres', '--', process.execPath, main], { CDS_DATA_DIR: dir });
    } else {
      chmodSync(path.join(dir, 'feedback.sqlite'), 0o444);
      result = run(process.execPath, [main], { CDS_DATA_DIR: dir });
    }
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/CDS_DATA_DIR=.*: cannot open the SQLite store: SQLITE_READONLY.*read-only/);
  });
});
