/**
 * Several service processes on one real PostgreSQL database (and two cluster workers on one SQLite file), over
 * real HTTP on loopback: a jti replayed to another instance is refused; concurrent feedback spread over the
 * instances gives exactly one row per post; with the database stopped (immediate shutdown) feedback answers
 * 503 and hooks 200, and after a restart every instance recovers by itself; SIGTERM lets an in-flight call
 * finish and flushes its shown card; bad or unreachable CDS_DATABASE_URL stops start-up with one line.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { EVALUATION_DATE } from '../../devkit/dates.js';
import { testEhr, type TestEhr } from '../../devkit/client-jwt.js';
import { startFhirSandbox } from '../../devkit/fhir-sandbox.js';
import { freePort, startPostgres, type TestPostgres } from '../../devkit/postgres.js';
import { build, jsonLine, start, tempDir, type Proc } from '../../devkit/processes.js';
import { PV, fixtureRequest, fixtureResources } from '../../devkit/test-app.js';

const BASE = 'https://cds.test.example';
const PASSWORD = 'test-only-password'; // devkit/postgres.ts's
const hookBody = JSON.stringify(fixtureRequest('patient-view-full-prefetch'));

let server: TestPostgres;
let ehr: TestEhr;
let db: pg.Pool;
const procs: Proc[] = [];

interface Instance {
  proc: Proc;
  url: string;
}

async function service(env: Record<string, string>): Promise<Instance> {
  const { proc, value } = await start(
    'dist/src/main.js',
    [],
    { PORT: '0', HOST: '127.0.0.1', CDS_FIXED_NOW: EVALUATION_DATE, CDS_DATA_DIR: tempDir('ifn-multi-'), LOG_LEVEL: 'info', ...env },
    (l) => {
      const j = jsonLine(l);
      return typeof j?.msg === 'string' && j.msg.startsWith('listening') ? `http://127.0.0.1:${String(j.port)}` : undefined;
    },
    60_000,
  );
  procs.push(proc);
  return { proc, url: value };
}

/** One POST on a fresh connection (no keep-alive), so cluster workers take turns. */
function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const feedbackBody = (card: string) => JSON.stringify({ feedback: [{ card, outcome: 'overridden', overrideReason: { reason: { code: 'patient-preference' } }, outcomeTimestamp: '2026-06-15T10:21:00Z' }] });
const uuid = (prefix: number, i: number) => `00000000-0000-4000-${String(8000 + prefix)}-${String(i).padStart(12, '0')}`;
const rowsOf = async (table: string, where = 'true', params: unknown[] = []) => Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0].n);

beforeAll(async () => {
  build();
  server = await startPostgres();
  await server.createDatabase('shared');
  db = new pg.Pool({ connectionString: server.url('shared'), max: 2 });
  db.on('error', () => {});
  ehr = await testEhr();
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await db?.end();
  await server?.stop();
}, 60_000);

describe('3 instances on one PostgreSQL database, client JWTs required', () => {
  let instances: Instance[];
  beforeAll(async () => {
    const env = { CDS_DATABASE_URL: server.url('shared'), CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: BASE, CDS_TRUSTED_CLIENTS: ehr.trustedClients };
    // Started together: the migrations run once, under the advisory lock.
    instances = await Promise.all([service(env), service(env), service(env)]);
  }, 120_000);

  it('a jti accepted by one instance is refused by the other two, also when sent to all at once', async () => {
    const jwt = await ehr.token(`${BASE}${PV}`);
    const statuses = [];
    for (const i of instances) statuses.push((await post(`${i.url}${PV}`, hookBody, { authorization: `Bearer ${jwt}` })).status);
    expect(statuses).toEqual([200, 401, 401]);
    for (let round = 0; round < 3; round++) {
      const racing = await ehr.token(`${BASE}${PV}`);
      const answers = await Promise.all(instances.flatMap((i) => [0, 1].map(() => post(`${i.url}${PV}`, hookBody, { authorization: `Bearer ${racing}` }))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    }
  }, 60_000);

  it('300 concurrent feedback posts spread over the 3 → 300 answers 200, exactly 300 rows', async () => {
    const aud = `${BASE}${PV}/feedback`;
    const tokens = await Promise.all(Array.from({ length: 300 }, () => ehr.token(aud)));
    const answers = await Promise.all(tokens.map((jwt, i) => post(`${instances[i % 3]!.url}${PV}/feedback`, feedbackBody(uuid(1, i)), { authorization: `Bearer ${jwt}` })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(300);
    expect(await rowsOf('feedback', 'card_uuid LIKE $1', ['00000000-0000-4000-8001-%'])).toBe(300);
  }, 120_000);
});

describe('the database stops mid-run (immediate shutdown), then comes back', () => {
  it('feedback 503 (transient), hooks 200 throughout; recovered by itself within seconds; every 200 has its row', async () => {
    const env = { CDS_DATABASE_URL: server.url('shared'), CDS_AUTH: 'off' };
    const instances = await Promise.all([service(env), service(env)]);
    const feedbackOk: string[] = [];
    const feedbackRefused: string[] = [];
    const hookStatuses: number[] = [];
    const shownCards: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let n = 0;
    let recoveredAt: number | undefined;
    let restartedAt = 0;
    const load = async (worker: number) => {
      while (phase !== 'after' || recoveredAt === undefined || Date.now() - recoveredAt < 500) {
        const i = instances[n % 2]!;
        const card = uuid(2, n++);
        const [fb, hook] = await Promise.all([post(`${i.url}${PV}/feedback`, feedbackBody(card)), post(`${i.url}${PV}`, hookBody)]);
        if (fb.status === 200) {
          feedbackOk.push(card);
          if (phase === 'after') recoveredAt ??= Date.now();
        } else {
          expect(fb.status).toBe(503);
          expect(JSON.parse(fb.body).issue[0].code).toBe('transient');
          feedbackRefused.push(card);
        }
        hookStatuses.push(hook.status);
        if (hook.status === 200) shownCards.push(...(JSON.parse(hook.body).cards as { uuid: string }[]).map((c) => c.uuid));
        // A liveness bound, not a speed check: generous for a loaded machine.
        if (phase === 'after' && Date.now() - restartedAt > 120_000) throw new Error(`worker ${worker}: no recovery within 120 s`);
      }
    };
    const running = Promise.all([load(1), load(2), load(3)]);
    // Each phase waits for what it needs to have seen (never for a fixed time: a loaded machine is slower).
    const until = async (seen: () => boolean, what: string) => {
      for (let i = 0; !seen(); i++) {
        if (i > 2400) throw new Error(`never saw ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => feedbackOk.length > 0, 'a stored feedback item before the crash');
    server.crash();
    phase = 'down';
    await until(() => feedbackRefused.length > 0, 'a 503 while PostgreSQL was down');
    restartedAt = Date.now();
    await server.restart();
    phase = 'after';
    await running;

    expect(feedbackRefused.length).toBeGreaterThan(0);
    expect(hookStatuses.every((s) => s === 200)).toBe(true);
    expect(recoveredAt).toBeDefined();
    // Every 200 has its row; the shown cards buffered during the outage reach the table once it is back.
    expect(await rowsOf('feedback', 'card_uuid = ANY($1)', [feedbackOk])).toBe(feedbackOk.length);
    let shownRows = 0;
    for (let i = 0; i < 600 && shownRows < shownCards.length; i++) {
      shownRows = await rowsOf('card_shown', 'card_uuid = ANY($1)', [shownCards]);
      if (shownRows < shownCards.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(shownRows).toBe(shownCards.length);
  }, 300_000);
});

describe('SIGTERM', () => {
  it('stops accepting, lets the in-flight call finish, flushes its shown card, exits 0', async () => {
    const fhir = await startFhirSandbox(fixtureResources('patient-view-full-prefetch'), { latencyMs: 1500 });
    try {
      const i = await service({ CDS_DATABASE_URL: server.url('shared'), CDS_AUTH: 'off', CDS_SHUTDOWN_GRACE_MS: '10000' });
      const inFlight = post(`${i.url}${PV}`, JSON.stringify(fixtureRequest('fhir-server-only', { fhirBase: fhir.url, token: 't' })));
      // SIGTERM once the call is in flight: the sandbox has its first FHIR request (it holds each 1.5 s). Waiting on
      // that, not on a fixed 500 ms, which a loaded machine could take before the call even arrived.
      while (fhir.calls.length === 0) await new Promise((r) => setTimeout(r, 10));
      i.proc.child.kill('SIGTERM');
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      const card = (JSON.parse(answer.body).cards as { uuid: string }[])[0]!.uuid;
      expect((await i.proc.exited).code).toBe(0);
      expect(await rowsOf('card_shown', 'card_uuid = $1', [card])).toBe(1);
    } finally {
      await fhir.close();
    }
  }, 60_000);
});

describe('start-up problems with CDS_DATABASE_URL: one line naming the setting, never the password', () => {
  const run = (url: string): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, 'dist/src/main.js')], { cwd: PACKAGE_ROOT, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CDS_DATABASE_URL: url } });
      let stderr = '';
      child.stdout.resume();
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.once('close', (code) => resolve({ code, stderr })); // 'close': stderr read to its end
    });

  it.each([
    ['not a URL', `postgres//cds:${PASSWORD}@127.0.0.1/x`, /CDS_DATABASE_URL is not a URL/],
    ['another scheme', `mysql://cds:${PASSWORD}@127.0.0.1:3306/x`, /CDS_DATABASE_URL=mysql:\/\/cds@127\.0\.0\.1:3306\/x .*postgres:/],
    ['no database', `postgres://cds:${PASSWORD}@127.0.0.1:5432`, /names no database/],
  ])('malformed (%s) → exit 2', async (_what, url, message) => {
    const { code, stderr } = await run(url);
    expect(code).toBe(2);
    expect(stderr.split('\n').filter((l) => l.includes('CDS_DATABASE_URL'))).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(PASSWORD);
  });

  it('unreachable database → exit 2 naming the setting and the reason', async () => {
    const port = await freePort();
    const { code, stderr } = await run(`postgres://cds:${PASSWORD}@127.0.0.1:${port}/x`);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`CDS_DATABASE_URL=postgres://cds@127.0.0.1:${port}/x: cannot open the PostgreSQL store: ECONNREFUSED`);
    expect(stderr).not.toContain(PASSWORD);
  });

  it('wrong password → exit 2, the password not repeated', async () => {
    const { code, stderr } = await run(server.url('shared').replace(PASSWORD, 'wrong-secret-pw'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/CDS_DATABASE_URL=postgres:\/\/cds@127\.0\.0\.1:\d+\/shared: cannot open the PostgreSQL store: 28P01/);
    expect(stderr).not.toContain('wrong-secret-pw');
  });
});

describe('CDS_WORKERS=2 on SQLite', () => {
  it('a token replayed across the two workers is refused (the replay memory is in the shared SQLite file)', async () => {
    const i = await service({ CDS_WORKERS: '2', CDS_AUTH: 'required', CDS_PUBLIC_BASE_URL: BASE, CDS_TRUSTED_CLIENTS: ehr.trustedClients });
    await new Promise((r) => setTimeout(r, 1500)); // both workers up
    const jwt = await ehr.token(`${BASE}${PV}`);
    const statuses = [];
    // Fresh connections: the cluster hands them to the workers in turn.
    for (let k = 0; k < 20; k++) statuses.push((await post(`${i.url}${PV}`, hookBody, { authorization: `Bearer ${jwt}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(19);
  }, 60_000);
});
